"""core.wsgi.KeptPagesApp: a kept page answered again without Django, never wrongly."""

import time

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from core import http
from core.wsgi import KeptPagesApp, request_key
from editorial.scheduling import NEXT_DUE_KEY
from tests.factories import make_article

pytestmark = [pytest.mark.usefixtures("page_cache"), pytest.mark.django_db]


class CountingDjango:
    """Django's WSGI handler, counting the requests that reach it.

    As Django's test client does, the request signals do not close the test's database
    connection (on PostgreSQL that would end the test's transaction)."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            response.close()  # what a server does once the response is sent (request_finished)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return response


@pytest.fixture
def app():
    return KeptPagesApp(CountingDjango())


def environ_for(path, *, method="GET", gzip=True, host="testserver", **extra):
    address, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=address, QUERY_STRING=query, REQUEST_METHOD=method)
    environ["HTTP_HOST"] = host
    if gzip:
        environ["HTTP_ACCEPT_ENCODING"] = "gzip, deflate, br"
    environ.update(extra)
    return environ


def call(app, path, **kwargs):
    """(status, headers as a dict, body) of one request through the WSGI app."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    body = b"".join(app(environ_for(path, **kwargs), start_response))
    return started["status"], started["headers"], body


@pytest.fixture
def article(clock):
    made = make_article(title="Fast words", body="## Part\n\nThe first wording.")
    clock.advance(2)  # the second of the change is over: pages carry their Last-Modified
    return made


def test_the_same_readers_request_is_answered_again_without_django(app, article):
    url = article.get_absolute_url()
    first = call(app, url)
    assert first[0] == "200 OK" and first[1]["Content-Encoding"] == "gzip"
    assert app.app.calls == 1
    for _ in range(3):
        assert call(app, url) == first  # the same status, headers and bytes
    assert app.app.calls == 1


def test_a_reader_without_gzip_gets_the_plain_page_also_kept(app, article):
    url = article.get_absolute_url()
    plain = call(app, url, gzip=False)
    compressed = call(app, url)
    assert app.app.calls == 2  # two answers, one per kind of reader
    assert "Content-Encoding" not in plain[1] and b"Fast words" in plain[2]
    assert call(app, url, gzip=False) == plain and call(app, url) == compressed
    assert app.app.calls == 2


def test_a_change_is_served_on_the_very_next_request(app, article, clock):
    url = article.get_absolute_url()
    call(app, url)
    call(app, url)
    article.title = "Changed words"
    article.save()
    clock.advance(2)
    body = call(app, url, gzip=False)[2]
    assert b"Changed words" in body and b"Fast words" not in body
    assert app.app.calls == 2


def test_a_kept_answer_ends_when_the_kept_page_would(app, article, clock, settings):
    url = article.get_absolute_url()
    call(app, url)
    clock.advance(settings.PAGE_CACHE_SECONDS + 1)
    call(app, url)
    assert app.app.calls == 2


def test_a_scheduled_approval_come_due_goes_to_django_first(app, article):
    url = article.get_absolute_url()
    call(app, url)
    cache.set(NEXT_DUE_KEY, time.time() - 1, None)  # what editorial keeps when one comes due
    call(app, url)
    assert app.app.calls == 2
    assert cache.get(NEXT_DUE_KEY) == 0  # the middleware acted, and found nothing else due


@pytest.mark.parametrize(
    "kwargs",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "other=1"},
        {"HTTP_IF_NONE_MATCH": '"x"'},
        {"HTTP_IF_MODIFIED_SINCE": "Tue, 01 Dec 2026 10:00:00 GMT"},
        {"HTTP_RANGE": "bytes=0-10"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
        {"method": "HEAD"},
        {"method": "POST"},
        {"CONTENT_LENGTH": "5"},
    ],
)
def test_requests_that_are_not_a_plain_readers_get_go_to_django(app, article, kwargs):
    url = article.get_absolute_url()
    call(app, url)
    call(app, url, **kwargs)
    call(app, url, **kwargs)
    assert app.app.calls == 3


def test_a_disallowed_host_never_gets_a_page_kept_for_an_allowed_one(app, article):
    url = article.get_absolute_url()
    call(app, url)
    status, headers, body = call(app, url, host="evil.example")
    assert status.startswith("400") and b"Fast words" not in body
    assert call(app, url, host="evil.example")[0].startswith("400")
    assert app.app.calls == 3


def test_another_scheme_or_forwarded_header_is_a_new_request(app, article):
    url = article.get_absolute_url()
    call(app, url)
    call(app, url, **{"wsgi.url_scheme": "https"})
    call(app, url, HTTP_X_FORWARDED_PROTO="https")
    assert app.app.calls == 3


def test_pages_that_are_not_kept_are_not_remembered(app, article, settings):
    call(app, "/no-such-page/")
    call(app, "/no-such-page/")
    assert app.app.calls == 2
    settings.PAGE_CACHE = "off"
    call(app, article.get_absolute_url())
    call(app, article.get_absolute_url())
    assert app.app.calls == 4


def test_a_page_is_not_remembered_before_it_can_carry_last_modified(app, db, clock):
    article = make_article(title="Just published")  # within the second of the change
    url = article.get_absolute_url()
    first = call(app, url)
    assert "Last-Modified" not in first[1]
    clock.advance(2)
    second = call(app, url)
    assert "Last-Modified" in second[1]
    assert call(app, url) == second
    assert app.app.calls == 2


def test_a_search_asked_again_is_kept_too(app, article):
    url = "/search/?q=fast+words"
    call(app, url)  # asked once: its results are kept, not its page (search.views)
    second = call(app, url)
    assert second[0] == "200 OK" and second[1]["X-Robots-Tag"] == "noindex"
    assert "Last-Modified" not in second[1]
    for _ in range(2):
        assert call(app, url) == second
    assert app.app.calls == 2


def test_the_cache_down_leaves_every_request_to_django(app, article, monkeypatch):
    url = article.get_absolute_url()
    call(app, url)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    assert call(app, url)[0] == "200 OK"  # Django answers, as it does without the fast path
    assert app.app.calls == 2


def test_the_memory_for_answers_is_bounded(article):
    app = KeptPagesApp(CountingDjango(), max_bytes=100)
    url = article.get_absolute_url()
    call(app, url)
    call(app, url)
    assert app.app.calls == 2


def test_the_key_holds_the_parts_of_a_request_that_change_its_answer():
    base = environ_for("/articles/?page=2")
    assert request_key(base) == request_key(environ_for("/articles/?page=2", HTTP_USER_AGENT="x"))
    assert request_key(base) != request_key(environ_for("/articles/?page=3"))
    assert request_key(base) != request_key(environ_for("/articles/?page=2", gzip=False))
    assert request_key(base) != request_key(environ_for("/articles/?page=2", host="other"))
    assert request_key(environ_for("/articles/", HTTP_COOKIE="")) is not None


def test_the_site_is_served_through_the_fast_path():
    from hfs_site.wsgi import application

    assert isinstance(application, KeptPagesApp)
    assert isinstance(application.app, WSGIHandler)


def test_a_page_stored_on_a_miss_is_compressed_once(client, article, monkeypatch):
    """The miss sends the copy compressed for the cache: EdgeMiddleware's gzip does not run again."""
    import django.middleware.gzip

    compressed = []

    def counting(original):
        def compress(data, **kwargs):
            compressed.append(original.__module__)
            return original(data, **kwargs)

        return compress

    monkeypatch.setattr(http, "compress_string", counting(http.compress_string))
    monkeypatch.setattr(django.middleware.gzip, "compress_string", counting(django.middleware.gzip.compress_string))
    monkeypatch.setattr(http.gzip, "compress", counting(http.gzip.compress))
    response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(compressed) == 1


def test_nothing_remembered_costs_no_cache_read(app, article, settings, monkeypatch):
    settings.PAGE_CACHE = "off"  # as with every request of a server without the page cache
    reads = []
    original = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, **kwargs: reads.append(list(keys)) or original(keys, **kwargs))
    app(environ_for(article.get_absolute_url()), lambda status, headers, exc_info=None: None)
    assert len(reads) == 1  # the scheduled approvals' middleware alone; the fast path read nothing
