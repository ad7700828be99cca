"""Several changes waiting for one page: once one goes live, the others are made on an older version."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article
from editorial import services
from editorial.models import Revision
from tests.factories import make_article

pytestmark = pytest.mark.django_db

OLDER = "made on an older version"


@pytest.fixture
def two_changes(editor):
    """A live article and two editors' changes made on the same live version: (article, one, two)."""
    article = make_article(body="## Part\n\nFirst wording.")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.body = "## Part\n\nEdit one wording."
    second.body = "## Part\n\nEdit two wording."
    one = services.save_change(user=editor, obj=first, save=first.save).revision
    two = services.save_change(user=editor, obj=second, save=second.save).revision
    return article, one, two


def text(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


# --- the services --------------------------------------------------------------------------


def test_changes_waiting_for_the_same_page_are_fresh_until_one_goes_live(two_changes, reviewer):
    _article, one, two = two_changes
    assert [r.stale for r in services.mark_stale([one, two])] == [False, False]
    services.approve_revision(user=reviewer, revision=one)
    one.refresh_from_db()
    assert [r.pk for r in services.pending_made_stale_by(one)] == [two.pk]
    assert [r.stale for r in services.mark_stale([one, two])] == [False, True]


def test_a_stale_change_is_refused_and_the_live_page_keeps_the_approved_one(two_changes, reviewer):
    article, one, two = two_changes
    services.approve_revision(user=reviewer, revision=one)
    with pytest.raises(ValidationError, match="made on an older version"):
        services.approve_revision(user=reviewer, revision=two)
    assert "Edit one wording." in Article.objects.get(pk=article.pk).body
    two.refresh_from_db()
    assert two.status == Revision.Status.PENDING  # still there, for the reviewer to send back


def test_a_stale_change_is_compared_with_the_new_live_version(two_changes, reviewer):
    _article, one, two = two_changes
    services.approve_revision(user=reviewer, revision=one)
    (change,) = services.revisions.diff_against_live(two.snapshot)
    (body,) = [f for f in change.fields if f.name == "body"]
    assert body.old.endswith("Edit one wording.") and body.new.endswith("Edit two wording.")


def test_a_scheduled_change_is_withdrawn_if_the_page_changed_before_its_time(two_changes, reviewer):
    import datetime

    from django.utils import timezone

    article, one, two = two_changes
    later = timezone.now() + datetime.timedelta(hours=1)
    services.approve_revision(user=reviewer, revision=two, at=later)
    services.approve_revision(user=reviewer, revision=one)
    assert services.apply_due_revisions(now=later + datetime.timedelta(seconds=1)) == []
    two.refresh_from_db()
    assert two.status == Revision.Status.REJECTED and "changed before the chosen time" in two.comment
    assert "Edit one wording." in Article.objects.get(pk=article.pk).body


# --- through the admin -----------------------------------------------------------------------


def test_approving_one_says_the_others_are_now_made_on_an_older_version(two_changes, reviewer_client):
    _article, one, _two = two_changes
    response = reviewer_client.post(one.get_absolute_url(), {"approve": "1", "months": "12"}, follow=True)
    page = text(response)
    assert "readers now see this change" in page
    assert "1 other change to this page was made on the version it replaced" in page


def test_the_queue_and_the_list_mark_the_stale_change(two_changes, reviewer, reviewer_client, editor_client):
    _article, one, two = two_changes
    dashboard = text(reviewer_client.get(reverse("admin:index")))
    assert OLDER not in dashboard
    services.approve_revision(user=reviewer, revision=one)
    dashboard = text(reviewer_client.get(reverse("admin:index")))
    assert dashboard.count(OLDER) == 1
    changelist = text(reviewer_client.get(reverse("admin:editorial_revision_changelist")))
    assert f"Waiting for review: {OLDER}" in changelist
    # The editor who sent it sees it too, on their own dashboard.
    assert OLDER in text(editor_client.get(reverse("admin:index")))


def test_the_reviewer_sees_the_diff_against_the_new_live_version_and_cannot_approve(
    two_changes, reviewer, reviewer_client
):
    article, one, two = two_changes
    services.approve_revision(user=reviewer, revision=one)
    page = reviewer_client.get(two.get_absolute_url()).content.decode()
    assert "cannot be approved as it is" in page
    assert re.search(r"<del>[^<]*one[^<]*</del>", page) and re.search(r"<ins>[^<]*two[^<]*</ins>", page)
    assert re.search(r'name="approve"[^>]*disabled', page)
    # A crafted POST is refused all the same, with the reason.
    response = reviewer_client.post(two.get_absolute_url(), {"approve": "1", "months": "12"})
    assert response.status_code == 200
    assert OLDER in text(response)
    assert "Edit one wording." in Article.objects.get(pk=article.pk).body
    two.refresh_from_db()
    assert two.status == Revision.Status.PENDING


# --- carried over when the two changes do not touch the same thing -------------------------------


@pytest.fixture
def separate_changes(editor):
    """Two changes to one live article: one to its title, one to its body."""
    article = make_article(title="Old title", body="## Part\n\nFirst wording.")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.title = "New title"
    second.body = "## Part\n\nBetter wording."
    title = services.save_change(user=editor, obj=first, save=first.save).revision
    body = services.save_change(user=editor, obj=second, save=second.save).revision
    return article, title, body


def test_a_change_to_another_field_is_carried_onto_the_new_live_version(separate_changes, reviewer):
    article, title, body = separate_changes
    services.approve_revision(user=reviewer, revision=title)
    body.refresh_from_db()
    assert not services.is_stale(body)
    (change,) = services.revisions.diff_against_live(body.snapshot)
    assert [f.name for f in change.fields] == ["body"]  # not a reversal of the new title
    services.approve_revision(user=reviewer, revision=body)
    live = Article.objects.get(pk=article.pk)
    assert live.title == "New title" and "Better wording." in live.body


def test_a_reviewers_urgent_correction_carries_waiting_changes_over_too(separate_changes, reviewer):
    article, _title, body = separate_changes
    live = Article.objects.get(pk=article.pk)
    live.summary = "A corrected summary."
    assert services.save_change(user=reviewer, obj=live, save=live.save).reviewed
    body.refresh_from_db()
    assert not services.is_stale(body)
    services.approve_revision(user=reviewer, revision=body)
    live = Article.objects.get(pk=article.pk)
    assert live.summary == "A corrected summary." and "Better wording." in live.body


def test_a_change_to_the_same_field_stays_stale_and_names_the_clash(two_changes, reviewer, reviewer_client):
    _article, one, two = two_changes
    services.approve_revision(user=reviewer, revision=one)
    assert services.conflicts_of(two) == ["article: body"]
    with pytest.raises(ValidationError, match="Both changed: article: body"):
        services.approve_revision(user=reviewer, revision=two)
    page = text(reviewer_client.get(two.get_absolute_url()))
    assert "Both this change and the live page changed: article: body." in page


def test_rebase_field_by_field():
    from editorial.revisions import Conflict, rebase

    def entry(**fields):
        return {"model": "articles.article", "pk": 1, "fields": {"title": "T", "body": "B", "summary": "S", **fields}}

    snapshot = {"root": ["articles.article", 1], "new": [], "deleted": [], "base": [entry()]}
    mine = {**snapshot, "objects": [entry(body="B2")]}
    carried = rebase(mine, [entry(title="T2")])
    assert carried["objects"][0]["fields"] == entry(title="T2", body="B2")["fields"]
    assert carried["base"] == [entry(title="T2")]
    assert rebase(mine, [entry(body="B2")])["objects"][0]["fields"]["body"] == "B2"  # the same edit twice
    with pytest.raises(Conflict):
        rebase(mine, [entry(body="B3")])
    with pytest.raises(Conflict):
        rebase(mine, [])  # the page itself is gone
    with pytest.raises(Conflict):
        rebase({key: value for key, value in mine.items() if key != "base"}, [entry()])  # made before bases were kept


def test_opening_a_stale_change_carries_it_over_when_it_can(separate_changes, reviewer, reviewer_client):
    article, _title, body = separate_changes
    Article.objects.filter(pk=article.pk).update(title="Changed some other way")  # as a loader would
    assert services.is_stale(body)
    page = text(reviewer_client.get(body.get_absolute_url()))
    assert "Made on an older version" not in page
    body.refresh_from_db()
    assert not services.is_stale(body)
    response = reviewer_client.post(body.get_absolute_url(), {"approve": "1", "months": "12"})
    assert response.status_code == 302
    live = Article.objects.get(pk=article.pk)
    assert live.title == "Changed some other way" and "Better wording." in live.body
