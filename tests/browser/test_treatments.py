"""The treatment pages in headless Chromium, with the shipped content."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

ALL_FIVE = (
    "/treatments/compare/full/?t=botox&t=microvascular-decompression&t=medication&t=alternative-therapies"
    "&t=watchful-waiting"
)
TWO_RATED = (
    "/treatments/compare/full/?t=botox&t=microvascular-decompression&p-avoid-surgery=very&p-lasting-relief=somewhat"
    "#what-matters"
)


def tab_to(page, selector, limit=500):
    """Press Tab until the element matching `selector` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never received focus by Tab")


def test_the_comparison_can_be_built_and_refined_with_the_keyboard_alone(shipped_content, page):
    page.goto("/treatments/")
    tab_to(page, "input[name=t][value=botox]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=t][value=watchful-waiting]")
    page.keyboard.press("Space")
    tab_to(page, "#compare-form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/treatments/compare/?t=botox&t=watchful-waiting")
    headers = page.locator(".glance-table thead th").all_inner_texts()
    assert headers[1:] == ["Botox injections", "Watchful waiting (no treatment for now)"]
    # On to the full comparison, where the reader says what matters.
    tab_to(page, ".glance-actions a[href^='/treatments/compare/full/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/treatments/compare/full/?t=botox&t=watchful-waiting")

    # Say what matters, with the arrow keys inside each group of radio buttons.
    tab_to(page, "input[name=p-avoid-surgery]")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=p-avoid-surgery][value=very]").is_checked()
    tab_to(page, "#matters-form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "p-avoid-surgery=very" in page.url and "t=botox&t=watchful-waiting" in page.url
    assert page.get_by_role("heading", name="Questions to ask your doctor").is_visible()

    # Focus is always visible.
    tab_to(page, "summary")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize(
    "path",
    [
        "/treatments/",
        "/treatments/botox/",
        "/treatments/medication/",
        ALL_FIVE,
        TWO_RATED,
        "/treatments/compare/",
        "/treatments/compare/?t=botox&t=nope&t=botox",
    ],
)
def test_no_axe_violations_no_cookies(shipped_content, page, axe_violations, path):
    response = page.goto(path)
    assert response.status == 200
    assert axe_violations(page) == []
    assert page.context.cookies() == []


NARROW_CHECK = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page is ${doc.scrollWidth - doc.clientWidth}px too wide`);
  for (const region of document.querySelectorAll('.table-region')) {
    const scrolls = region.scrollWidth > region.clientWidth;
    const named = region.getAttribute('role') === 'region' && region.hasAttribute('aria-labelledby');
    if (scrolls && !(region.tabIndex === 0 && named)) problems.push('a table scrolls without being focusable');
  }
  const mine = ['.table-region th', '.table-region td', '.outcome', '.treatment-card', '.fit-list li',
                '.doctor-questions li', '.notices li'].join(', ');
  for (const cell of document.querySelectorAll(mine)) {
    if (cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).overflowX !== 'auto')
      problems.push(`cut off: ${cell.tagName} ${cell.textContent.trim().slice(0, 40)}`);
    const box = cell.getBoundingClientRect();
    if (box.width && (box.right > doc.clientWidth + 1 || box.left < -1))
      problems.push(`off screen: ${cell.tagName} ${cell.textContent.trim().slice(0, 40)}`);
  }
  return problems.slice(0, 10);
}"""


@pytest.mark.parametrize("path", [ALL_FIVE, TWO_RATED, "/treatments/botox/", "/treatments/"])
def test_a_375px_screen_shows_everything_with_large_text(shipped_content, page, path):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    assert page.evaluate(NARROW_CHECK) == []
    results = Axe().run(page)
    assert [v["id"] for v in results.response["violations"]] == []
    for selector in [".compare-table td, .pros-cons td", ".treatment-card > p:not(.kind-tag), .lead p"]:
        if page.locator(selector).count():
            size = page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)")
            assert size >= 18, selector


def test_print_shows_the_tables_and_the_icon_arrays_words_without_navigation(shipped_content, page):
    page.goto(TWO_RATED)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator("form").first.is_visible()
    assert page.locator(".compare-table").first.is_visible()
    assert page.locator("th[scope=row]", has_text="How well does it work?").is_visible()
    frequency = page.locator(".outcome-frequency").first
    assert frequency.is_visible() and frequency.inner_text().startswith("About ")
    assert page.locator(".icon-array-svg").first.is_visible()
    assert page.locator(".outcome-range").first.is_visible()
    assert page.get_by_role("heading", name="Questions to ask your doctor").is_visible()
    # Nothing is cut off at the edge of the printed page.
    widths = page.evaluate(
        "[...document.querySelectorAll('.compare-table')].map(t => t.scrollWidth - t.parentElement.clientWidth)"
    )
    assert max(widths) <= 1
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_the_detail_page_prints_its_table_and_pictures(shipped_content, page):
    page.goto("/treatments/microvascular-decompression/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".pros-cons").is_visible()
    assert page.locator(".outcome-frequency", has_text="About 1 in 1,000 people").first.is_visible()
    assert page.get_by_text("Next review due").first.is_visible()
