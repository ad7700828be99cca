"""The share panel and the canonical address on article, treatment and comparison pages."""

import re
from html import unescape

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_article

from .qrdecode import decode_svg, qr_svgs

pytestmark = pytest.mark.django_db

TRACKING = {
    "utm_source": "tracked-newsletter",
    "utm_medium": "tracked-email",
    "fbclid": "tracked-fb",
    "gclid": "tracked-g",
}


def canonical(html):
    return unescape(re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1))


def share_panel(html):
    return re.search(r'<section class="share-panel".*?</section>', html, re.S).group(0)


def test_article_share_panel_shows_the_clean_address_a_hidden_copy_button_and_a_qr_code(client):
    article = make_article(slug="living-with-hfs")
    html = client.get(article.get_absolute_url(), TRACKING).content.decode()
    url = "http://testserver/articles/living-with-hfs/"
    assert canonical(html) == url
    panel = share_panel(html)
    assert f'<a href="{url}">{url}</a>' in panel  # readable and selectable without JavaScript
    assert f'data-copy-url="{url}"' in panel and "hidden>Copy link</button>" in panel
    assert decode_svg(qr_svgs(panel)[0]) == url
    assert 'href="/handouts/new/"' in panel
    assert '<script src="/static/js/share.js" defer></script>' in html
    for value in TRACKING.values():
        assert value not in html


def test_the_share_script_is_an_external_file_and_no_inline_script_or_style(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    # JSON-LD is data the browser never runs; any other script must come from a file.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", html)
    assert "style=" not in html and "<style" not in html
    assert finders.find("js/share.js")


def test_treatment_page_has_share_panel_and_its_own_card(client, shipped_content):
    html = client.get("/treatments/botox/", TRACKING).content.decode()
    url = "http://testserver/treatments/botox/"
    assert canonical(html) == url
    assert decode_svg(qr_svgs(share_panel(html))[0]) == url
    assert '<meta property="og:image" content="http://testserver/og/treatments/botox.png?v=' in html
    assert '<meta property="og:title" content="Botox injections">' in html


def test_comparison_canonical_keeps_only_its_valid_choices_in_order(client, shipped_content):
    query = "t=microvascular-decompression&t=nonsense&t=botox&t=botox&p-avoid-surgery=very&utm_source=x&t=%3Cb%3E"
    html = client.get(f"/treatments/compare/?{query}").content.decode()
    url = "http://testserver/treatments/compare/?t=microvascular-decompression&t=botox"
    assert canonical(html) == url
    assert f'<meta property="og:url" content="{url.replace("&", "&amp;")}">' in html
    decoded = [decode_svg(svg) for svg in qr_svgs(html)]
    assert len(decoded) >= 2 and set(decoded) == {url}  # the share panel's, and the printed sheet's
    assert "utm_source" not in html


def test_comparison_without_a_valid_choice_has_the_plain_canonical_address(client, shipped_content):
    html = client.get("/treatments/compare/?t=nonsense&utm_source=x").content.decode()
    assert canonical(html) == "http://testserver/treatments/compare/"
    assert "share-panel" not in html


def test_the_configured_public_address_is_used_everywhere(client, settings):
    settings.SITE_URL = "https://hfsguide.example"
    article = make_article(slug="diagnosis")
    html = client.get(article.get_absolute_url()).content.decode()
    url = "https://hfsguide.example/articles/diagnosis/"
    assert canonical(html) == url
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:image" content="https://hfsguide.example/og/articles/diagnosis.png?v=' in html
    assert f'data-copy-url="{url}"' in html
    assert "hfsguide.example/articles/diagnosis</span>" in html  # the printed short address
    assert "testserver" not in html


def test_article_page_query_count_does_not_grow_with_content(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    article = make_article()
    client.get(article.get_absolute_url())  # the reviewer names for the JSON-LD are read once, then cached
    with django_assert_max_num_queries(10) as few:
        client.get(article.get_absolute_url())
    for n in range(10):
        make_article(slug=f"more-{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(article.get_absolute_url())
