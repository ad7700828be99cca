"""Faults: the database or the cache going away must not show readers a traceback."""

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from handouts.models import Handout
from tests.factories import make_article


def _refuse(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


def _refuse_queries(patcher):
    """Every new query on this thread's connection fails, as when PostgreSQL is stopped.

    Patched on the connection itself and on its class: a method left on the instance by an
    earlier test's patch (monkeypatch puts back a bound method there) would hide a class patch.
    """
    patcher.setattr(BaseDatabaseWrapper, "cursor", _refuse)
    patcher.setattr(connections[DEFAULT_DB_ALIAS], "cursor", _refuse)


@pytest.fixture
def database_down(db):
    """Call it to make every new query fail as it does when PostgreSQL is stopped."""
    patcher = pytest.MonkeyPatch()
    yield lambda: _refuse_queries(patcher)
    patcher.undo()  # before the test database is rolled back
    connections[DEFAULT_DB_ALIAS].__dict__.pop("cursor", None)  # the class's own again


def test_with_the_database_down_readers_get_a_clear_503(db, database_down):
    article = make_article()
    database_down()
    response = Client(raise_request_exception=False).get(article.get_absolute_url())
    assert response.status_code == 503
    body = response.content.decode()
    assert "This page is not available just now" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("page_cache")
def test_with_the_database_down_readers_get_the_cached_page(db, database_down):
    article = make_article(title="Still readable")
    assert Client().get(article.get_absolute_url()).status_code == 200
    database_down()
    response = Client(raise_request_exception=False).get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()


@pytest.mark.usefixtures("page_cache")
def test_with_the_database_down_an_older_copy_beats_an_error(db, database_down):
    article = make_article(title="Older copy")
    Client().get(article.get_absolute_url())
    make_article()  # a change: the stored copy is now from an older generation
    database_down()
    response = Client(raise_request_exception=False).get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Older copy" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_site_recovers_by_itself_when_the_database_returns(db, monkeypatch):
    article = make_article(title="Back again")
    with monkeypatch.context() as patch:
        _refuse_queries(patch)
        assert Client(raise_request_exception=False).get(article.get_absolute_url()).status_code == 503
    connections[DEFAULT_DB_ALIAS].__dict__.pop("cursor", None)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Back again" in response.content.decode()


def test_health_says_503_when_the_database_is_down(db, database_down):
    database_down()
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"


class DeadRedis:
    """What django-redis with IGNORE_EXCEPTIONS answers while Redis is stopped: None, False."""

    def get(self, *args, **kwargs):
        return kwargs.get("default")

    def set(self, *args, **kwargs):
        return None

    def add(self, *args, **kwargs):
        return None

    def incr(self, *args, **kwargs):
        return None

    decr = incr

    def delete(self, *args, **kwargs):
        return None


@pytest.fixture
def redis_down(monkeypatch):
    import core.health
    import core.http
    import core.ratelimit

    dead = DeadRedis()
    for module in (core.http, core.health, core.ratelimit):
        monkeypatch.setattr(module, "cache", dead)


@pytest.mark.usefixtures("page_cache", "redis_down")
def test_with_redis_down_pages_are_still_served(db):
    article = make_article(title="No cache needed")
    for _ in range(2):
        response = Client().get(article.get_absolute_url())
        assert response.status_code == 200
        assert "No cache needed" in response.content.decode()


@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_the_handout_builder_refuses_with_a_clear_message(db):
    article = make_article()
    response = Client().post("/handouts/new/", {"articles": [article.pk]})
    assert response.status_code == 503
    assert "Handouts are paused for a moment" in response.content.decode()
    assert not Handout.objects.exists()


@pytest.mark.usefixtures("redis_down")
def test_health_says_503_when_the_cache_is_down(db):
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


def test_a_cache_that_raises_also_fails_the_rate_limit_closed(db, monkeypatch):
    import core.ratelimit

    class Broken:
        def add(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(core.ratelimit, "cache", Broken())
    response = Client().post("/handouts/new/", {"articles": [make_article().pk]})
    assert response.status_code == 503
    cache.clear()
