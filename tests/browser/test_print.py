"""Printed pages, in Chromium with print media emulated: a clean handout with its QR code."""

import pytest

from tests.sharing.qrdecode import decode_png

pytestmark = pytest.mark.browser


def assert_prints_as_a_handout(page, url):
    """Shared checks for any page printed from the site."""
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-nav", ".breadcrumbs", ".share-panel", ".skip-link", ".footer-links"]:
        assert page.locator(hidden).count() == 0 or not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("main button:visible, main .button:visible").count() == 0
    footer = page.locator(".print-footer")
    assert footer.is_visible()
    assert page.locator(".qr-code:visible").count() == 1
    assert decode_png(page.locator(".print-footer .qr-code").screenshot()) == url
    assert url.split("://", 1)[1].rstrip("/") in footer.inner_text()
    assert page.get_by_text("Next review due").first.is_visible()
    assert page.get_by_text("does not replace advice").first.is_visible()
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16  # 12pt
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def assert_screen_shows_share_panel(page, url):
    page.emulate_media(media="screen")
    panel = page.locator(".share-panel")
    assert panel.is_visible()
    assert not page.locator(".print-footer").is_visible()
    assert decode_png(panel.locator(".qr-code").screenshot()) == url
    assert panel.get_by_role("link", name=url).is_visible()


def test_article_prints_as_a_handout(shipped_content, page, live_server):
    page.goto("/articles/botox-injections/?utm_source=clinic")
    url = f"{live_server.url}/articles/botox-injections/"
    assert_screen_shows_share_panel(page, url)
    assert_prints_as_a_handout(page, url)
    # Outside sources print their address; links inside the site do not (a bare "/articles/..."
    # is useless on paper: the page's QR code and short address lead back to the site).
    outside = page.locator(".references a[href^='http']").first
    printed = outside.evaluate("a => a.textContent + getComputedStyle(a, '::after').content")
    # References print their PubMed ID or DOI, which a reader can look up; other links their address.
    assert printed.startswith(("PMID", "doi:")) or outside.get_attribute("href") in printed
    inside = page.locator(".prose a[href^='/']:not(.cite-link)").first
    assert inside.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")


def test_comparison_prints_as_a_handout(shipped_content, page, live_server):
    page.goto("/treatments/compare/full/?t=botox&t=microvascular-decompression&utm_campaign=x&p-avoid-surgery=very")
    url = f"{live_server.url}/treatments/compare/full/?t=botox&t=microvascular-decompression"
    assert_screen_shows_share_panel(page, url)
    assert_prints_as_a_handout(page, url)
    assert page.locator(".compare-table").first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.compare-table tr')).breakInside") == "avoid"


def test_treatment_page_prints_as_a_handout(shipped_content, page, live_server):
    page.goto("/treatments/microvascular-decompression/")
    url = f"{live_server.url}/treatments/microvascular-decompression/"
    assert_screen_shows_share_panel(page, url)
    assert_prints_as_a_handout(page, url)


def test_copy_link_button_appears_with_javascript_and_copies_the_address(shipped_content, page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/articles/medication/?utm_source=x")
    button = page.get_by_role("button", name="Copy link")
    assert button.is_visible()
    button.click()
    assert page.get_by_role("status").inner_text().startswith("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/articles/medication/"
