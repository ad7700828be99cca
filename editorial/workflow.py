"""Kept for existing imports: the rules now live in editorial.services."""

from .services import (  # noqa: F401
    DEFAULT_REVIEW_INTERVAL,
    REVIEW_INTERVALS,
    MissingReviewerProfile,
    add_months,
    can_publish,
    can_review,
    mark_reviewed,
    publish,
    reviewer_profile,
    unpublish,
)
