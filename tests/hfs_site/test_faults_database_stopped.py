"""The database stopped, for real: the site's connection pointed at a PostgreSQL port nothing
listens on, so psycopg itself fails to connect, as it does when the server is down.

tests/hfs_site/test_faults.py makes every cursor raise; these go through Django's real connect
path (and its error wrapping), then give the connection back to show the site recovers without
a restart.
"""

import socket

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

from tests.factories import make_article


def _dead_port():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]  # closed again at once: nothing listens there


@pytest.fixture
def database(db):
    """`database.stop()` and `database.start()`: swap the default connection for a dead one and back."""
    pytest.importorskip("psycopg")
    original = connections["default"]
    settings_dict = {
        **original.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "hfs",
        "USER": "hfs",
        "PASSWORD": "not-used",
        "HOST": "127.0.0.1",
        "PORT": str(_dead_port()),
        "OPTIONS": {"connect_timeout": 2},
        "CONN_MAX_AGE": 0,
    }
    stopped = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")

    class Switch:
        @staticmethod
        def stop():
            connections._connections.default = stopped

        @staticmethod
        def start():
            connections._connections.default = original

    yield Switch
    Switch.start()  # before the test's transaction is rolled back


def test_readers_get_a_clear_503_page(database):
    article = make_article()
    database.stop()
    response = Client(raise_request_exception=False).get(article.get_absolute_url())
    assert response.status_code == 503
    body = response.content.decode()
    assert "This page is not available just now" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert "psycopg" not in body
    assert response["Retry-After"]


@pytest.mark.usefixtures("page_cache")
def test_readers_get_the_cached_page(database):
    article = make_article(title="Kept while the database is away")
    assert Client().get(article.get_absolute_url()).status_code == 200
    database.stop()
    response = Client(raise_request_exception=False).get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Kept while the database is away" in response.content.decode()


def test_the_site_recovers_by_itself(database):
    article = make_article(title="Back without a restart")
    client = Client(raise_request_exception=False)
    database.stop()
    assert client.get(article.get_absolute_url()).status_code == 503
    assert client.get("/health/").status_code == 503
    database.start()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Back without a restart" in response.content.decode()
    assert client.get("/health/").json()["database"] == "ok"
