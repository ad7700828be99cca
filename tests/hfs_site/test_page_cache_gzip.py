"""A page-cache hit sends the compressed copy made when the page was stored: no gzip per request."""

import gzip

import pytest
from django.middleware import gzip as gzip_middleware

from core import http
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("page_cache")


def test_a_hit_sends_the_stored_compressed_page(client, db, monkeypatch):
    article = make_article(title="Compressed once", body="## Part\n\n" + "Plain words. " * 200)
    url = article.get_absolute_url()
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"

    def no_compression(*args, **kwargs):
        raise AssertionError("compressed again on a cache hit")

    monkeypatch.setattr(gzip_middleware, "compress_string", no_compression)
    monkeypatch.setattr(http.gzip, "compress", no_compression)
    hit = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content)
    assert gzip.decompress(hit.content) == gzip.decompress(first.content)
    assert "Compressed once" in gzip.decompress(hit.content).decode()
    assert hit["ETag"].startswith('W/"')
    assert client.get(url, headers={"If-None-Match": hit["ETag"]}).status_code == 304


def test_a_hit_for_a_client_without_gzip_is_plain(client, db):
    article = make_article(title="Plain for some")
    url = article.get_absolute_url()
    client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url)
    assert plain.get("Content-Encoding") is None
    assert "Plain for some" in plain.content.decode()


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_a_hit_sends_the_headers_the_first_reader_got(client, db, encoding):
    article = make_article(title="Same headers", body="## Part\n\n" + "Plain words. " * 200)
    url = article.get_absolute_url()
    first = client.get(url, headers={"Accept-Encoding": encoding})
    hit = client.get(url, headers={"Accept-Encoding": encoding})

    def plain(response):
        return gzip.decompress(response.content) if encoding else response.content

    assert plain(hit) == plain(first)
    # Last-Modified is added on each request once the second of the last change is over; the first
    # compressed copy carries random padding against BREACH, so its length differs by a few bytes.
    ignored = {"Last-Modified": None, "Content-Length": None}
    assert {**hit.headers, **ignored} == {**first.headers, **ignored}
    assert int(hit["Content-Length"]) == len(hit.content)


def test_a_compressible_page_is_kept_compressed_only(client, db):
    article = make_article(title="Kept small", body="## Part\n\n" + "Plain words. " * 200)
    url = article.get_absolute_url()
    plain = client.get(url)  # stored by a reader who does not ask for gzip
    kept = http.cache.get(http.page_key(url))
    assert kept["content"] is None and gzip.decompress(kept["gzip"]) == plain.content
    again = client.get(url)
    assert again.get("Content-Encoding") is None and again.content == plain.content


def test_a_page_compressed_as_it_is_sent_uses_the_fastest_level(client, db, monkeypatch, settings):
    settings.PAGE_CACHE = "off"  # every page is compressed as it is sent
    article = make_article(title="Sent at once", body="## Part\n\n" + "Plain words. " * 200)
    levels = []
    original = gzip.compress

    def compress(data, compresslevel=9, **kwargs):
        levels.append(compresslevel)
        return original(data, compresslevel, **kwargs)

    monkeypatch.setattr(http.gzip, "compress", compress)
    plain = client.get(article.get_absolute_url())
    sent = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert levels == [http.SEND_GZIP_LEVEL] == [1]
    assert gzip.decompress(sent.content) == plain.content
    assert sent["Content-Encoding"] == "gzip" and int(sent["Content-Length"]) == len(sent.content)
    assert sent["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in sent["Vary"] and "Accept-Encoding" in plain["Vary"]


def test_the_senders_gzip_leaves_what_django_leaves():
    from django.http import HttpResponse, StreamingHttpResponse
    from django.test import RequestFactory

    middleware = http.ReaderGZipMiddleware(lambda request: None)
    asks = RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})
    short = middleware.process_response(asks, HttpResponse(b"x" * 100))
    assert not short.has_header("Content-Encoding")
    encoded = HttpResponse(b"x" * 500, headers={"Content-Encoding": "br"})
    assert middleware.process_response(asks, encoded).content == b"x" * 500
    streamed = middleware.process_response(asks, StreamingHttpResponse(iter([b"y" * 500])))
    assert gzip.decompress(b"".join(streamed.streaming_content)) == b"y" * 500
    random = HttpResponse(bytes(range(256)) * 1)  # does not get smaller: sent as it is
    assert not middleware.process_response(asks, random).has_header("Content-Encoding")
