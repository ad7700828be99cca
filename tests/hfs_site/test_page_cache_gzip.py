"""A page-cache hit sends the compressed copy made when the page was stored: no gzip per request."""

import gzip

import pytest
from django.middleware import gzip as gzip_middleware

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
