import re

import pytest

from sharing.qr import qr_svg
from tests.factories import make_article

from .qrdecode import decode_svg, qr_svgs

CANONICAL_RE = re.compile(r'<link rel="canonical" href="([^"]+)">')


def canonical(html):
    return CANONICAL_RE.search(html).group(1)


def test_qr_svg_decodes_to_its_url_and_has_a_text_alternative():
    url = "https://hfsguide.example/articles/botox-injections/"
    svg = str(qr_svg(url, "QR code of <this> page"))
    assert decode_svg(svg) == url
    assert svg.startswith('<svg role="img"')
    assert "<title>QR code of &lt;this&gt; page</title>" in svg
    assert "style=" not in svg


@pytest.mark.django_db
def test_article_page_qr_codes_decode_to_its_canonical_url(client):
    article = make_article(slug="botox-injections")
    html = client.get(article.get_absolute_url(), {"utm_source": "clinic", "fbclid": "x"}).content.decode()
    assert canonical(html) == "http://testserver/articles/botox-injections/"
    svgs = qr_svgs(html)
    assert len(svgs) == 2  # the share panel on screen, the print footer on paper
    assert [decode_svg(svg) for svg in svgs] == [canonical(html)] * 2


@pytest.mark.django_db
def test_qr_code_carries_the_configured_public_address(client, settings):
    settings.SITE_URL = "https://hfsguide.example"
    article = make_article(slug="medication")
    html = client.get(article.get_absolute_url()).content.decode()
    assert canonical(html) == "https://hfsguide.example/articles/medication/"
    assert decode_svg(qr_svgs(html)[0]) == "https://hfsguide.example/articles/medication/"


@pytest.mark.django_db
def test_every_page_prints_a_qr_code_of_its_own_address(client):
    for path in ["/", "/articles/", "/articles/category/causes/"]:
        html = client.get(path).content.decode()
        assert [decode_svg(svg) for svg in qr_svgs(html)] == [f"http://testserver{path}"], path


def test_a_code_drawn_by_one_worker_is_read_by_the_others_from_the_shared_cache(monkeypatch):
    from sharing import qr

    qr._svg.cache_clear()
    first = str(qr_svg("https://hfsguide.example/articles/shared/", "QR code"))
    # Another worker: nothing drawn in its own memory, and drawing again would fail.
    qr._svg.cache_clear()
    monkeypatch.setattr(qr, "make_qr", lambda url: pytest.fail(f"drew {url} again"))
    assert str(qr_svg("https://hfsguide.example/articles/shared/", "QR code")) == first
    assert decode_svg(first) == "https://hfsguide.example/articles/shared/"
    # The label is part of what is kept: another label is another code, drawn afresh.
    monkeypatch.undo()
    other = str(qr_svg("https://hfsguide.example/articles/shared/", "Another label"))
    assert "Another label" in other and "Another label" not in first
    qr._svg.cache_clear()
