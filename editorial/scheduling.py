"""Scheduled approvals go live on time, even when the timer that runs them is late or missing.

`manage.py apply_approved_revisions` runs every few minutes (deploy/systemd, `make serve`). As a
safety net, every request first compares the clock with the time the soonest scheduled approval
comes due, kept in the cache (one cache read per request, no query), and puts due ones live
before the page is rendered or taken from the page cache. Putting a change live saves content rows, which starts a
new page-cache generation (core.http), so no cached page from before the chosen time is served
after it.
"""

import contextlib
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core import http

logger = logging.getLogger(__name__)

NEXT_DUE_KEY = "editorial:next-due"
NONE_DUE = 0  # cached when nothing is scheduled


def _now():
    return timezone.now().timestamp()


def _revision_saved(sender, instance, **kwargs):
    # Only a revision with a chosen time (scheduled, put live or withdrawn) moves the schedule;
    # the many others (pending changes, the content loader's records) cost nothing here.
    if instance.approve_at is not None:
        remember_next_due()


def remember_next_due():
    """Work out when the soonest scheduled approval comes due and keep it in the cache.

    Called whenever a revision with a chosen time is saved or deleted (now, and again once the
    transaction commits) and by the apply_approved_revisions command, so requests never need a query to
    know it.
    """
    from .services import next_due_time

    def remember():
        when = next_due_time()
        cache.set(NEXT_DUE_KEY, when.timestamp() if when is not None else NONE_DUE, None)

    remember()
    transaction.on_commit(remember)


def is_due(due):
    """`due`: the cached time of the soonest scheduled approval (NONE_DUE or None: nothing known)."""
    return bool(due) and _now() >= due


def apply_if_due(request=None):
    """Put live the scheduled approvals whose time has come; returns how many went live.

    Costs one cache read and no query until a scheduled time has passed; for a request, that read
    also fetches the page cache's content state (core.http), so a cached page costs one round trip
    to a shared cache, not two. When the cache has lost the time (restarted, evicted), the timer
    still puts the change live and remembers the next time again.
    """
    from .services import apply_due_revisions

    # Within a request, read together with the content state the page cache needs next.
    due = cache.get(NEXT_DUE_KEY) if request is None else http.read_state_with([NEXT_DUE_KEY]).get(NEXT_DUE_KEY)
    if not is_due(due):
        return 0
    if request is not None:
        http.forget_read_state()  # what goes live now starts a new content state
    applied = apply_due_revisions()
    remember_next_due()
    return len(applied)


class ScheduledRevisionsMiddleware:
    """Before anything is served, put live the scheduled approvals that have come due."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            apply_if_due(request)
        except Exception:  # the page is still served; the timer, or a request a minute later, tries again
            logger.exception("Could not put scheduled approvals live")
            with contextlib.suppress(Exception):  # the cache is down too: nothing more to do here
                cache.set(NEXT_DUE_KEY, _now() + 60, 60)
        return self.get_response(request)


def connect_signals():
    # The page cache's fast path (core.wsgi) leaves a request to this middleware once one is due.
    http.register_due_check(NEXT_DUE_KEY, is_due)
    post_save.connect(_revision_saved, sender="editorial.Revision", dispatch_uid="editorial.next_due.save")
    post_delete.connect(_revision_saved, sender="editorial.Revision", dispatch_uid="editorial.next_due.delete")
