"""The editorial services check who asks, without the admin; the admin's own doors hold against crafted requests."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from articles.models import Article
from editorial import services
from editorial.models import Revision
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(editor):
    article = make_article(body="## Part\n\nThe old wording.")
    article.body = "## Part\n\nThe new wording."
    return article, services.save_change(user=editor, obj=article, save=article.save).revision


# --- the services, called directly ---------------------------------------------------------------


def test_saving_needs_change_permission_on_the_object(roles):
    article = make_article(body="Live words.")
    viewer = make_user("viewer", staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    article.body = "Forged words."
    with pytest.raises(PermissionDenied):
        services.save_change(user=viewer, obj=article, save=article.save)
    assert Article.objects.get(pk=article.pk).body == "Live words."
    assert not Revision.objects.exists()


def test_restoring_needs_change_permission_too(editor, roles):
    article = make_article()
    viewer = make_user("viewer", staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    assert services.can_restore(editor, article)
    assert not services.can_restore(viewer, article)


def test_a_restore_by_an_editor_over_live_content_waits_for_review(editor):
    article = make_article(body="Current words.")
    article.body = "Older words."
    result = services.save_change(user=editor, obj=article, save=article.save, restored=True)
    assert result.revision is not None and result.revision.status == Revision.Status.PENDING
    assert Article.objects.get(pk=article.pk).body == "Current words."


def test_only_staff_may_preview_a_change(pending):
    _article, revision = pending
    for outsider in (make_user("reader"), make_user("gone", staff=True)):
        if outsider.username == "gone":
            outsider.is_active = False
        with pytest.raises(PermissionDenied):
            services.preview_revision(user=outsider, revision=revision, render=lambda: "rendered")


def test_a_preview_leaves_the_live_page_as_it_was(pending, editor):
    article, revision = pending
    seen = services.preview_revision(
        user=editor, revision=revision, render=lambda: Article.objects.get(pk=article.pk).body
    )
    assert "The new wording." in seen
    assert "The old wording." in Article.objects.get(pk=article.pk).body


def test_an_inactive_reviewer_may_not_approve(pending, reviewer):
    _article, revision = pending
    reviewer.is_active = False
    reviewer.save()
    with pytest.raises(PermissionDenied):
        services.approve_revision(user=reviewer, revision=revision)
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING


# --- a medical reviewer without a second factor, when the setting is on ----------------------


@pytest.fixture
def reviewer_without_second_factor(settings, reviewer):
    settings.REVIEWER_TWO_FACTOR_REQUIRED = True
    client = Client()
    client.force_login(reviewer)
    return client


def test_a_crafted_approval_from_a_reviewer_without_a_second_factor_does_nothing(
    reviewer_without_second_factor, pending
):
    article, revision = pending
    response = reviewer_without_second_factor.post(revision.get_absolute_url(), {"approve": "1", "months": "12"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:two_factor_setup"))
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert "The old wording." in Article.objects.get(pk=article.pk).body


def test_no_admin_page_or_preview_opens_without_the_second_factor(reviewer_without_second_factor, pending):
    article, revision = pending
    for url in [
        reverse("admin:editorial_revision_preview", args=[revision.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:editorial_revision_changelist"),
    ]:
        response = reviewer_without_second_factor.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:two_factor_setup")), url
