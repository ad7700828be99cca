"""How many requests of one kind one client address may make per window, counted in Django's cache.

Each process has its own cache unless CACHES names a shared one (Redis, Memcached or the
database cache); with a per-process cache the limit holds per worker. Used by the handout
builder (handouts/ratelimit.py) and the PDF endpoints (PdfLimitMixin).
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request):
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For lists every hop; the last one was added by our own proxy.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class LimitUnavailable(Exception):
    """The shared cache that counts requests does not answer: refuse rather than let anyone through."""


class WindowLimit:
    """`limit` requests of one `scope` per client address per `window` seconds."""

    def __init__(self, request, *, scope, limit, window):
        # Hashed with the secret key so the cache never holds readable addresses.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()
        self.key = f"{scope}:{digest[:32]}"
        self.limit = limit
        self.window = window

    def reserve(self):
        """Take one of this window's places before the work is done; False when none is left.

        Counting first (one atomic increment) means simultaneous requests cannot all slip under
        the limit; a request that turns out not to count gives its place back with release().
        """
        try:
            cache.add(self.key, 0, self.window)
            try:
                count = cache.incr(self.key)
            except ValueError:  # the window expired between add and incr
                cache.set(self.key, 1, self.window)
                count = cache.get(self.key)
        except Exception as error:  # any cache failure: fail closed
            raise LimitUnavailable from error
        if count is None:  # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS)
            raise LimitUnavailable
        if count > self.limit:
            self.release()
            return False
        return True

    def release(self):
        with contextlib.suppress(Exception):  # expired meanwhile, or the cache is down: nothing to give back
            cache.decr(self.key)


class PdfLimitMixin:
    """For a view that draws a PDF on the server (about a second of CPU each): at most
    PDF_RATE_LIMIT per client address per PDF_RATE_WINDOW, across every PDF of the site; then a
    429 page that says when to try again and how to print without the file."""

    def dispatch(self, request, *args, **kwargs):
        limit = WindowLimit(request, scope="pdf", limit=settings.PDF_RATE_LIMIT, window=settings.PDF_RATE_WINDOW)
        try:
            reserved = limit.reserve()
        except LimitUnavailable:
            reserved = None
        if not reserved:
            busy = reserved is None
            minutes = 1 if busy else max(1, limit.window // 60)
            context = {"minutes": minutes, "busy": busy}
            response = render(request, "pdf_rate_limited.html", context, status=503 if busy else 429)
            response["Retry-After"] = str(minutes * 60)
            return response
        return super().dispatch(request, *args, **kwargs)
