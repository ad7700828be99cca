"""The editorial services check the user's permission themselves, whoever calls them.

The admin hides the buttons from editors; these tests call the services directly, as a view or
a command that forgot the check would, and the rule still holds.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article
from editorial.roles import MEDICAL_REVIEWER
from editorial.workflow import MissingReviewerProfile, mark_reviewed, publish, unpublish
from tests.factories import make_article, make_treatment, make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 21)


def draft(**values):
    return make_article(status=Article.Status.DRAFT, published_at=None, **values)


def deactivated(user):
    user.is_active = False
    user.save()
    return user


@pytest.fixture
def outsiders(editor, reviewer):
    """Everyone who may not publish or review: an editor, a reader, staff without a role, a reviewer who left."""
    return {
        "editor": editor,
        "reader": make_user("reader"),
        "staff without a role": make_user("helper", staff=True),
        "inactive reviewer": deactivated(reviewer),
    }


def test_only_an_active_medical_reviewer_may_publish(outsiders):
    article = draft()
    for who, user in outsiders.items():
        with pytest.raises(PermissionDenied):
            publish(article, user=user, now=NOW)
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT, who


def test_only_an_active_medical_reviewer_may_unpublish(outsiders):
    article = make_article()
    for who, user in outsiders.items():
        with pytest.raises(PermissionDenied):
            unpublish(article, user=user)
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED, who


def test_only_an_active_medical_reviewer_may_mark_a_page_reviewed(outsiders):
    # Both pages were last reviewed before TODAY, whatever the real date the suite runs on.
    month_before = TODAY - datetime.timedelta(days=30)
    article = make_article(reviewer_name="Someone else", last_reviewed=month_before)
    treatment = make_treatment(last_reviewed=month_before)
    for who, user in outsiders.items():
        for page in (article, treatment):
            with pytest.raises(PermissionDenied):
                mark_reviewed(page, user=user, months=6, today=TODAY)
            page.refresh_from_db()
            assert page.last_reviewed != TODAY, who


def test_a_reviewer_publishes_and_unpublishes_with_history(reviewer):
    article = draft(reviewer_name="Dr Amina Patel")
    publish(article, user=reviewer, now=NOW)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == NOW
    assert article.history.first().history_user == reviewer
    assert article.history.first().history_change_reason == "Published"

    unpublish(article, user=reviewer)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.history.first().history_change_reason == "Unpublished"


def test_publishing_keeps_a_time_already_set(reviewer):
    later = NOW + datetime.timedelta(days=3)
    article = draft(reviewer_name="Dr Amina Patel")
    article.published_at = later
    publish(article, user=reviewer, now=NOW)
    article.refresh_from_db()
    assert article.published_at == later


def test_a_page_nobody_reviewed_cannot_be_published(reviewer):
    article = draft(reviewer_name="")
    with pytest.raises(ValidationError, match="must mark this article reviewed"):
        publish(article, user=reviewer, now=NOW)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_reviewer_without_a_profile_cannot_sign_off(roles):
    user = make_user("newrev", staff=True)
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    article = make_article(reviewer_name="Someone else")
    with pytest.raises(MissingReviewerProfile):
        mark_reviewed(article, user=user, months=12, today=TODAY)
    article.refresh_from_db()
    assert article.reviewer_name == "Someone else"


def test_marking_reviewed_signs_the_page_with_the_reviewers_name(reviewer):
    treatment = make_treatment(changed_since_review=True)
    mark_reviewed(treatment, user=reviewer, months=3, today=datetime.date(2026, 11, 30))
    treatment.refresh_from_db()
    assert treatment.last_reviewed == datetime.date(2026, 11, 30)
    assert treatment.next_review_due == datetime.date(2027, 2, 28)  # the 30th becomes the month's last day
    assert (treatment.reviewer_name, treatment.reviewer_credentials) == ("Dr Amina Patel", "Consultant neurologist")
    assert treatment.changed_since_review is False
