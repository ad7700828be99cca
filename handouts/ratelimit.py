"""How many handouts one client address may create per window (core.ratelimit counts them)."""

from django.conf import settings

from core.ratelimit import LimitUnavailable, WindowLimit, client_address

__all__ = ["CreationLimit", "LimitUnavailable", "client_address"]


class CreationLimit(WindowLimit):
    def __init__(self, request):
        super().__init__(
            request, scope="handout-create", limit=settings.HANDOUT_RATE_LIMIT, window=settings.HANDOUT_RATE_WINDOW
        )
