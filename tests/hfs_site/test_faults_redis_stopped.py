"""Redis stopped, for real: the production cache settings pointed at a port nothing listens on.

tests/hfs_site/test_faults.py stands a fake in for the cache; these run django-redis itself, as
`DJANGO_CACHE_URL=redis://...` configures it, against a dead address, so they also catch a change
to the cache settings (IGNORE_EXCEPTIONS, the short timeouts) that would let Redis take the site
down with it.
"""

import socket
import time

import pytest
from django.test import Client

from handouts.models import Handout
from tests.factories import make_article


def _dead_port():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]  # closed again at once: nothing listens there


@pytest.fixture
def redis_stopped(settings, load_settings):
    production = load_settings(DJANGO_SECRET_KEY="x" * 60, DJANGO_CACHE_URL=f"redis://127.0.0.1:{_dead_port()}/0")
    assert production["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    settings.CACHES = production["CACHES"]  # Django drops its cache connections on this change
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = production["DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"]
    settings.PAGE_CACHE = "on"  # as in production with a shared cache: it must cope with the cache gone


def test_pages_are_still_served_quickly(db, redis_stopped):
    article = make_article(title="Served without Redis")
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200  # the first request of a process warms templates
    start = time.monotonic()
    for _ in range(3):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Served without Redis" in response.content.decode()
    # Refused at once on a dead port: no wait of a timeout per cache call (about 0.2 s each here).
    assert time.monotonic() - start < 6


def test_the_handout_builder_refuses_with_a_clear_message(db, redis_stopped):
    article = make_article()
    assert Client().get("/handouts/new/").status_code == 200  # the form itself still shows
    response = Client(raise_request_exception=False).post("/handouts/new/", {"articles": [article.pk]})
    assert response.status_code == 503
    body = response.content.decode()
    assert "Handouts are paused for a moment" in body
    assert "Traceback" not in body
    assert not Handout.objects.exists()


def test_health_reports_the_cache_failing(db, redis_stopped):
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_the_handout_builder_works_again_when_the_cache_answers(db, redis_stopped, settings):
    article = make_article()
    assert Client().post("/handouts/new/", {"articles": [article.pk]}).status_code == 503
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "back"}}
    response = Client().post("/handouts/new/", {"articles": [article.pk]})
    assert response.status_code == 302
    assert Handout.objects.count() == 1
