"""An edit made after a reviewer's sign-off is flagged until a reviewer signs the page off again."""

import pytest
from django.urls import reverse

from editorial.selectors import review_dashboard
from tests.factories import make_article

from .conftest import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit_body(client, article, body):
    data = form_data(client.get(change_url(article)), "article_form")
    data["body"] = body
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_editors_change_to_a_published_page_is_flagged_for_review(editor_client, editor):
    article = make_article(title="Signed-off page")
    assert not article.changed_since_review
    edit_body(editor_client, article, "## New\n\nA changed paragraph.")
    article.refresh_from_db()
    assert article.changed_since_review
    assert "A changed paragraph." in article.body_html
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    section = dashboard[dashboard.index("Changed since their last review") : dashboard.index("Drafts waiting")]
    assert "Signed-off page" in section
    notice = editor_client.get(change_url(article)).content.decode()
    assert "Changed since its last review" in notice


def test_saving_without_changes_does_not_flag_the_page(editor_client):
    article = make_article()
    data = form_data(editor_client.get(change_url(article)), "article_form")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert not article.changed_since_review


def test_marking_reviewed_clears_the_flag(editor_client, reviewer, client):
    article = make_article(title="Edited page")
    edit_body(editor_client, article, "Edited text.")
    client.force_login(reviewer)
    url = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    assert client.post(url, {"months": "12"}).status_code == 302
    article.refresh_from_db()
    assert not article.changed_since_review
    assert review_dashboard(user=reviewer)["changed"] == []


def test_the_flag_stays_out_of_the_page_history(editor_client):
    article = make_article()
    edit_body(editor_client, article, "Edited text.")
    assert article.history.count() == 2  # created, then the edit; flagging adds no version


def test_saving_a_shipped_article_unchanged_in_admin_leaves_it_loadable(editor_client):
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article

    call_command("load_content", stdout=StringIO())
    article = Article.objects.get(slug="what-is-hemifacial-spasm")
    data = form_data(editor_client.get(change_url(article)), "article_form")
    data["body"] = data["body"].replace("\n", "\r\n")  # as a browser sends a textarea
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.history.first().history_change_reason == "Saved without changes"
    assert not article.changed_since_review
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "0 skipped" in out.getvalue()


def test_readers_are_told_when_a_page_changed_after_its_review(editor_client, client):
    article = make_article()
    assert "Updated since its last review" not in client.get(article.get_absolute_url()).content.decode()
    edit_body(editor_client, article, "Edited text.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated since its last review" in page


def test_a_page_nobody_reviewed_says_so_instead_of_showing_review_dates(client):
    article = make_article(reviewer_name="")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Not yet reviewed." in page
    assert "Reviewed by" not in page


def test_an_editor_cannot_add_a_treatment(editor_client, reviewer, client):
    assert editor_client.get(reverse("admin:treatments_treatment_add")).status_code == 403
    client.force_login(reviewer)
    assert client.get(reverse("admin:treatments_treatment_add")).status_code == 200
