"""The publishing rule, enforced on the server: editors draft, medical reviewers publish."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_action(client, action, *articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"},
        follow=True,
    )


def test_editor_creates_a_draft_and_a_crafted_status_is_ignored(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add"))
    assert page.status_code == 200
    data = form_data(page, "article_form")
    assert "status" not in data  # not even offered
    data.update(
        title="Living with twitching",
        slug="living-with-twitching",
        category="living-with-hfs",
        summary="Plain words.",
        body="## Start\n\nShort plain text.",
        # A crafted POST: the fields an editor does not see.
        status="published",
        last_reviewed="2020-01-01",
        next_review_due="2030-01-01",
        reviewer_name="Dr Forged",
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert response.status_code == 200
    article = Article.objects.get(slug="living-with-twitching")
    assert article.status == Article.Status.DRAFT
    assert article.reviewer_name == ""  # not yet reviewed: a reviewer signs it off
    assert article.last_reviewed == timezone.localdate()
    assert article.history.first().history_user.username == "edna"


def test_editor_cannot_publish_a_draft_with_a_crafted_post(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    data = form_data(editor_client.get(change_url(article)), "article_form")
    assert "status" not in data
    data.update(
        {"status": "published", "published_at_0": "2026-01-01", "published_at_1": "09:00:00", "summary": "Edited."}
    )
    response = editor_client.post(change_url(article), data, follow=True)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.summary == "Edited."  # the editor's own change is saved ...
    assert article.status == Article.Status.DRAFT  # ... but the article is not published
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_editor_cannot_move_the_publication_time_of_a_published_article(editor_client):
    published_at = timezone.now() - datetime.timedelta(days=3)
    article = make_article(published_at=published_at)
    data = form_data(editor_client.get(change_url(article)), "article_form")
    assert "published_at_0" not in data
    data.update({"published_at_0": "2099-01-01", "published_at_1": "00:00:00", "status": "draft"})
    editor_client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.published_at == published_at
    assert article.status == Article.Status.PUBLISHED


def test_editor_cannot_forge_a_review(editor_client):
    article = make_article(reviewer_name="HFS Guide editorial team")
    before = (article.last_reviewed, article.next_review_due)
    data = form_data(editor_client.get(change_url(article)), "article_form")
    data.update(last_reviewed="2099-01-01", next_review_due="2099-06-01", reviewer_name="Dr Forged")
    editor_client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.last_reviewed, article.next_review_due) == before
    assert article.reviewer_name == "HFS Guide editorial team"


def test_editor_has_no_publish_action_and_cannot_run_it(editor_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(reverse("admin:articles_article_changelist"))
    assert b"publish_action" not in page.content
    response = changelist_action(editor_client, "publish_action", article)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reviewer_publishes_from_the_change_form(reviewer_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    data = form_data(reviewer_client.get(change_url(article)), "article_form")
    assert data["status"] == "draft"
    data.update({"status": "published", "published_at_0": "2026-01-05", "published_at_1": "08:30:00"})
    response = reviewer_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.UTC)


def test_publishing_without_a_time_means_now(reviewer_client, client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    data = form_data(reviewer_client.get(change_url(article)), "article_form")
    data.update({"status": "published", "published_at_0": "", "published_at_1": ""})
    before = timezone.now()
    assert reviewer_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and before <= article.published_at <= timezone.now()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_reviewer_publishes_and_unpublishes_with_the_list_actions(reviewer_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = changelist_action(reviewer_client, "publish_action", draft)
    assert "Published:" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at is not None
    assert draft.is_public
    assert draft.history.first().history_change_reason == "Published"

    changelist_action(reviewer_client, "unpublish_action", draft)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_never_reviewed_draft_cannot_be_published(reviewer_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, reviewer_name="")
    response = changelist_action(reviewer_client, "publish_action", draft)
    assert "must mark this article reviewed before it is published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_restoring_an_old_published_version_does_not_let_an_editor_publish(editor_client, reviewer):
    article = make_article()  # published
    published_version = article.history.first()
    article.status = Article.Status.DRAFT
    article._history_user = reviewer
    article.save()  # a reviewer unpublished it
    url = reverse("admin:articles_article_simple_history", args=[article.pk, published_version.history_id])
    data = form_data(editor_client.get(url), "historicalarticle_form")
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "kept as they were" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
