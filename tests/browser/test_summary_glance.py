"""The summary's glance rows on screen in headless Chromium: no axe violations at 375 and 1280 px
with three options and their figures, nothing wider than the screen, no cookie, and every figure
readable and its source reachable with JavaScript off."""

import pytest

from tests.decisions.summary_answers import LONGEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREE = f"/decide/summary/?{LONGEST['three-most-figures']}"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_summary_with_figures_has_no_axe_violations_and_fits_the_screen(
    shipped_content, page, axe_violations, width
):
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(THREE).status == 200
    assert page.locator(".summary-glance .glance-figure").count() == 6
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.foreign_requests == []


def test_without_javascript_every_figure_shows_and_its_citation_leads_to_its_source(
    shipped_content, browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    try:
        tab = context.new_page()
        tab.goto(THREE)
        figures = tab.locator(".summary-glance .glance-figure")
        for index in range(figures.count()):
            assert figures.nth(index).locator("svg.icon-array-svg").is_visible()
        link = figures.first.locator(".cite-link").first
        target = link.get_attribute("href")
        link.click()
        assert tab.url.endswith(target)
        assert tab.locator(f"li{target}").is_visible()
        assert context.cookies() == []
    finally:
        context.close()
