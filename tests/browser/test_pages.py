"""What a reader sees in a real browser: the home page and an article."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", ["/", "/articles/what-is-hemifacial-spasm/", "/articles/", "/articles/category/causes/"]
)
def test_page_has_no_axe_violations_no_cookies_and_no_foreign_requests(shipped_content, page, axe_violations, path):
    response = page.goto(path)
    assert response.status == 200
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    # The `page` fixture fails the test if anything was requested from another host.


def test_home_page_leads_to_an_answer(shipped_content, page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hemifacial spasm")
    page.get_by_role("link", name="Is it serious?").click()
    page.wait_for_url("**/frequently-asked-questions/#is-it-serious")
    assert page.locator("#is-it-serious").is_visible()


def test_article_shows_toc_citations_references_and_review_dates(shipped_content, page):
    page.goto("/articles/what-is-hemifacial-spasm/")
    assert page.get_by_role("navigation", name="On this page").is_visible()
    first_citation = page.locator("sup.cite a").first
    target = first_citation.get_attribute("href")
    first_citation.click()
    assert page.locator(target).is_visible()
    assert page.locator(target).locator("a[href*='pubmed'], a[href*='doi.org'], a[href^='http']").count() >= 1
    review = page.get_by_role("complementary", name="Review information")
    assert "Last reviewed" in review.inner_text() and "Next review due" in review.inner_text()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(shipped_content, page):
    page.goto("/articles/what-is-hemifacial-spasm/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_text_is_large_and_nothing_overflows_on_a_small_phone(shipped_content, page):
    page.set_viewport_size({"width": 320, "height": 700})
    for path in ["/", "/articles/what-is-hemifacial-spasm/", "/articles/getting-a-diagnosis/"]:
        page.goto(path)
        font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose p, .lead')).fontSize)")
        assert font_size >= 18
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"


def test_print_media_hides_navigation_and_keeps_review_dates(shipped_content, page):
    page.goto("/articles/what-is-hemifacial-spasm/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.get_by_text("Next review due").first.is_visible()
    assert page.get_by_text("does not replace advice").first.is_visible()
