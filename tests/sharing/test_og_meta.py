"""Every page has a canonical link, Open Graph and Twitter card tags and a preview image."""

import re
from html import unescape

import pytest

from handouts.models import Handout
from sharing.links import absolute_url, short_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db

REQUIRED = [
    'property="og:site_name"',
    'property="og:type"',
    'property="og:title"',
    'property="og:description"',
    'property="og:url"',
    'property="og:image"',
    'property="og:image:width" content="1200"',
    'property="og:image:height" content="630"',
    'property="og:image:alt"',
    'name="twitter:card" content="summary_large_image"',
    'name="twitter:title"',
    'name="twitter:description"',
    'name="twitter:image"',
]


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


def test_every_kind_of_page_has_previews(client, shipped_content):
    handout = Handout.objects.create_pack(note="x")
    pages = [
        "/",
        "/articles/",
        "/articles/category/causes/",
        "/articles/what-is-hemifacial-spasm/",
        "/treatments/",
        "/treatments/botox/",
        "/treatments/compare/?t=botox&t=microvascular-decompression",
        "/handouts/new/",
        handout.get_absolute_url(),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for tag in REQUIRED:
            assert tag in html, (path, tag)
        assert meta(html, "og:url") == unescape(re.search(r'rel="canonical" href="([^"]+)"', html).group(1))
        assert meta(html, "og:title") and meta(html, "og:description"), path
        assert meta(html, "og:image").startswith("http://testserver/og/"), path


def test_article_previews_use_its_title_summary_and_card(client):
    article = make_article(title='Botox & "toxin" <injections>', summary="Plain <summary> & more")
    html = client.get(article.get_absolute_url()).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == 'Botox & "toxin" <injections>'
    assert meta(html, "twitter:title") == 'Botox & "toxin" <injections>'
    assert meta(html, "og:description") == "Plain <summary> & more"
    assert meta(html, "og:image:alt") == 'Article: Botox & "toxin" <injections>'
    assert '<injections>"' not in html  # escaped inside the attribute
    assert meta(html, "og:image").startswith(f"http://testserver/og/articles/{article.slug}.png?v=")


def test_other_pages_get_the_default_card(client):
    html = client.get("/").content.decode()
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:image").startswith("http://testserver/og/default.png?v=")


def test_absolute_url_and_short_url(rf, settings):
    settings.ALLOWED_HOSTS = ["clinic.example"]
    settings.SITE_URL = ""  # only with DEBUG on: then the request's own host is used
    request = rf.get("/articles/x/?utm_source=y", HTTP_HOST="clinic.example")
    assert absolute_url(request, "/articles/x/") == "http://clinic.example/articles/x/"
    assert absolute_url(request, "/c/", [("t", "a"), ("t", "b c")]) == "http://clinic.example/c/?t=a&t=b+c"
    settings.SITE_URL = "https://hfsguide.example"
    assert absolute_url(request, "/articles/x/") == "https://hfsguide.example/articles/x/"
    assert short_url("https://hfsguide.example/h/abcdefghjk/") == "hfsguide.example/h/abcdefghjk"
    assert short_url("https://hfsguide.example/c/?t=a&t=b") == "hfsguide.example/c/?t=a&t=b"
