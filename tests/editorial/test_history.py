"""Every change is recorded with who and when; editors compare versions and restore one."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleChangeNote
from editorial.diff import text_segments
from references.models import Reference
from tests.admin_forms import form_data
from tests.factories import make_article, make_reference

pytestmark = pytest.mark.django_db
DRAFT = {"status": Article.Status.DRAFT, "published_at": None}


def edit_body(client, article, body):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    data["body"] = body
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_edit_is_recorded_with_who_when_and_what(editor_client):
    article = make_article(body="## Part\n\nThe spasm starts near the eye.", **DRAFT)
    edit_body(editor_client, article, "## Part\n\nThe spasm usually starts near the eye.")
    latest, first = list(article.history.all()[:2])
    assert latest.history_user.username == "edna"
    assert latest.history_change_reason == "Changed body"
    assert first.body == "## Part\n\nThe spasm starts near the eye."

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "edna" in history and "Changed body" in history
    assert "Compare with the version before" in history


def test_compare_view_shows_added_and_removed_words(editor_client):
    article = make_article(body="## Part\n\nThe spasm starts near the eye.", **DRAFT)
    edit_body(editor_client, article, "## Part\n\nThe spasm usually starts near the lower eyelid.")
    response = editor_client.get(reverse("admin:articles_article_compare", args=[article.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<ins>usually </ins>" in content
    assert "<del>eye.</del>" in content and "<ins>lower eyelid.</ins>" in content


def test_compare_view_survives_junk_and_escapes_content(editor_client):
    article = make_article(body="Safe text.", **DRAFT)
    edit_body(editor_client, article, "Safe text <script>alert(1)</script>.")
    url = reverse("admin:articles_article_compare", args=[article.pk])
    assert b"<script>alert(1)</script>" not in editor_client.get(url).content
    for query in ["?older=abc&newer=1", "?older=999999&newer=1", "?older=&newer=", "?older=1"]:
        response = editor_client.get(url + query)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    missing = editor_client.get(reverse("admin:articles_article_compare", args=[999999]))
    assert missing.status_code == 302  # the admin's "does not exist" redirect, not a 500


def test_editor_restores_an_earlier_version(editor_client):
    article = make_article(body="## Part\n\nOriginal wording.", **DRAFT)
    original = article.history.first()
    edit_body(editor_client, article, "## Part\n\nA mistaken edit.")
    url = reverse("admin:articles_article_simple_history", args=[article.pk, original.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    data = form_data(page, "historicalarticle_form")
    assert data["body"] == "## Part\n\nOriginal wording."
    response = editor_client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "## Part\n\nOriginal wording."
    assert "Original wording." in article.body_html  # re-rendered, not just the Markdown
    latest = article.history.first()
    assert latest.history_change_reason.startswith("Restored the version of ")
    assert latest.history_user.username == "edna"
    assert article.history.count() == 3  # nothing lost: the mistaken edit is still in the history
    # The restored words were never signed off in this form: readers and reviewers are told.
    assert article.changed_since_review


def test_restoring_a_version_saved_before_a_sign_off_flags_the_page(editor_client, reviewer):
    from django.test import Client

    reviewer_client, reader = Client(), Client()
    reviewer_client.force_login(reviewer)
    article = make_article(body="About 7 in 10.", **DRAFT)
    unreviewed = article.history.first()
    edit_body(editor_client, article, "About 6 in 10.")
    mark_url = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    assert reviewer_client.post(mark_url, {"months": "12"}).status_code == 302
    article.refresh_from_db()
    assert not article.changed_since_review
    url = reverse("admin:articles_article_simple_history", args=[article.pk, unreviewed.history_id])
    assert editor_client.post(url, form_data(editor_client.get(url), "historicalarticle_form")).status_code == 302
    article.refresh_from_db()
    assert "7 in 10" in article.body and article.changed_since_review
    assert article.history.first().history_user.username == "edna"
    # A draft: readers cannot see it; its editors see the flag in admin.
    assert reader.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("suffix", ["{pk}/change/history/", "{pk}/history/abc/", "999999/history/", "abc/history/"])
def test_mistyped_history_addresses_never_give_a_500(editor_client, suffix):
    article = make_article()
    response = editor_client.get(f"/admin/articles/article/{suffix.format(pk=article.pk)}")
    assert response.status_code in (302, 404)


def test_change_notes_and_references_have_history_too(editor):
    article = make_article()
    note = ArticleChangeNote.objects.create(article=article, text="We added new figures.")
    note.text = "We added new figures for surgery."
    note.save()
    assert [r.history_type for r in note.history.all()] == ["~", "+"]
    reference = make_reference()
    reference.title = "Corrected title"
    reference.save()
    assert reference.history.count() == 2
    assert Reference.history.model.__name__ == "HistoricalReference"
    assert Article.history.model.__name__ == "HistoricalArticle"


def test_text_segments_mark_words_and_shorten_long_unchanged_runs():
    long_same = " ".join(f"w{i}" for i in range(200))
    segments = text_segments(f"{long_same} old end", f"{long_same} new end")
    ops = [op for op, _ in segments]
    assert ("delete", "old") in segments and ("insert", "new") in segments
    assert "skip" in ops  # 200 unchanged words are not all repeated
