"""The article body's Preview button: rendered and sanitized on the server, nothing saved, no script."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_preview_shows_the_rendered_body_below_the_field_and_saves_nothing(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None, body="## Part\n\nOld text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(url).content.decode()
    assert 'name="_preview"' in page  # the button is there before any preview
    assert 'class="body-preview"' not in page
    data = form_data(editor_client.get(url), "article_form")
    data["body"] = '## Part\n\nNew **bold** text.\n\n<script>alert(1)</script><p style="color:red" onclick="x()">Hi</p>'
    data["_preview"] = "1"

    response = editor_client.post(url, data)

    assert response.status_code == 200  # shown again, not redirected: nothing was saved
    html = response.content.decode()
    article.refresh_from_db()
    assert article.body == "## Part\n\nOld text."
    preview = html[
        html.index('<section class="body-preview"') : html.index("</section>", html.index('class="body-preview"'))
    ]
    assert "<strong>bold</strong>" in preview
    assert "<script" not in preview and "style=" not in preview and "onclick" not in preview
    # The textarea keeps what was typed, and comes before the preview.
    assert html.index('id="id_body"') < html.index('class="body-preview"')
    assert "New **bold** text." in html
    assert "nothing is saved yet" in html
    assert "Please correct the error" not in html
    # No inline script or style anywhere on the page (the admin's CSP).
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"<[a-z][^>]*\sstyle=", html)


def test_save_still_saves(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None, body="## Part\n\nOld text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data["body"] = "## Part\n\nNew text."
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.body == "## Part\n\nNew text."
