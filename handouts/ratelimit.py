"""How many handouts one client address may create per window, counted in Django's cache.

Each process has its own cache unless CACHES names a shared one (Redis, Memcached or the
database cache); with a per-process cache the limit holds per worker.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For lists every hop; the last one was added by our own proxy.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


class LimitUnavailable(Exception):
    """The shared cache that counts handouts does not answer: refuse rather than let anyone through."""


class CreationLimit:
    def __init__(self, request):
        # Hashed with the secret key so the cache never holds readable addresses.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()
        self.key = f"handout-create:{digest[:32]}"
        self.limit = settings.HANDOUT_RATE_LIMIT
        self.window = settings.HANDOUT_RATE_WINDOW

    def reserve(self):
        """Take one of this window's places before the form is processed; False when none is left.

        Counting first (one atomic increment) means simultaneous requests cannot all slip under
        the limit; a request whose form turns out invalid gives its place back with release().
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
