import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The server-side page cache switched on (it is off with a per-process cache), starting empty."""
    settings.PAGE_CACHE = "on"
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self, now):
        self.now = now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The page cache's clock, moved by hand: `clock.advance(2)`."""
    from core import http

    fake = Clock(1_800_000_000.4)
    monkeypatch.setattr(http, "_now", lambda: fake.now)
    return fake
