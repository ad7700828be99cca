"""What a medical reviewer does to a page: mark it reviewed, publish it, unpublish it.

Each function checks the user's permission itself, so no view can skip the rule.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import PUBLISH_PERMISSION, REVIEW_PERMISSION

REVIEW_INTERVALS = [(3, _("3 months")), (6, _("6 months")), (12, _("12 months"))]
DEFAULT_REVIEW_INTERVAL = 12


class MissingReviewerProfile(Exception):
    """The reviewer has not yet said how their name and credentials appear on pages."""


def add_months(day, months):
    """`day` plus a number of calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_review(user):
    return user.is_active and user.has_perm(REVIEW_PERMISSION)


def reviewer_profile(user):
    profile = getattr(user, "reviewer_profile", None) if user.is_authenticated else None
    if profile is None:
        raise MissingReviewerProfile
    return profile


def mark_reviewed(page, *, user, months, today=None):
    """Sign `page` (any ReviewedContent) off as reviewed today by `user`; the next review is due `months` ahead."""
    if not can_review(user):
        raise PermissionDenied
    profile = reviewer_profile(user)
    today = today or timezone.localdate()
    page.last_reviewed = today
    page.next_review_due = add_months(today, months)
    page.reviewer_name = profile.full_name
    page.reviewer_credentials = profile.credentials
    page.changed_since_review = False
    page._history_user = user
    page._change_reason = str(_("Marked reviewed; next review in %(months)s months") % {"months": months})
    page.save()


def publish(article, *, user, now=None):
    """Make an article public, now or at the time already set on it (a future time schedules it)."""
    if not can_publish(user):
        raise PermissionDenied
    if not article.reviewer_name:
        raise ValidationError(_("A medical reviewer must mark it reviewed before it is published."))
    article.status = article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = now or timezone.now()
    article._history_user = user
    article._change_reason = str(_("Published"))
    article.save()


def unpublish(article, *, user):
    if not can_publish(user):
        raise PermissionDenied
    article.status = article.Status.DRAFT
    article._history_user = user
    article._change_reason = str(_("Unpublished"))
    article.save()
