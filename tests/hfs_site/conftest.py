import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The server-side page cache switched on (it is off with a per-process cache), starting empty."""
    settings.PAGE_CACHE = "on"
    cache.clear()
    yield
    cache.clear()
