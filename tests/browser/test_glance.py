"""The comparison at a glance in headless Chromium, with the shipped content."""

import io

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWO = "/treatments/compare/?t=botox&t=microvascular-decompression"
FIVE = (
    "/treatments/compare/?t=botox&t=microvascular-decompression&t=medication&t=alternative-therapies&t=watchful-waiting"
)

# Nothing wider than the screen, and no cell whose words are cut off.
FITS = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page is ${doc.scrollWidth - doc.clientWidth}px too wide`);
  for (const cell of document.querySelectorAll('.glance-table th, .glance-table td')) {
    if (!cell.getClientRects().length) continue;
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`cut off: ${cell.textContent.trim().slice(0, 40)}`);
    const box = cell.getBoundingClientRect();
    const text = cell.textContent.trim().slice(0, 40);
    if (box.right > doc.clientWidth + 1 || box.left < -1) problems.push(`off screen: ${text}`);
  }
  return problems.slice(0, 10);
}"""


@pytest.fixture
def content(shipped_content):
    """The shipped content, loaded once per session and copied in (committed: the live server reads it)."""


@pytest.mark.parametrize(
    ("path", "width", "max_height"),
    [(TWO, 375, 3500), (TWO, 1280, None), (FIVE, 375, None), (FIVE, 1280, 3000)],
    ids=["two-375", "two-1280", "five-375", "five-1280"],
)
def test_the_glance_is_short_fits_the_screen_and_passes_axe(content, page, axe_violations, path, width, max_height):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    assert response.status == 200
    height = page.evaluate("document.body.scrollHeight")
    if max_height:
        assert height <= max_height, f"{height}px tall"
    assert page.evaluate(FITS) == []
    assert axe_violations(page) == []
    assert page.context.cookies() == []
    # Nothing opened, the page answers: how well, for how long, what risks, what it asks of me.
    for question in (
        "How well does it work?",
        "How long does the effect last?",
        "What are the side effects and risks?",
        "How much time and how many visits does it take?",
    ):
        assert page.locator("th[scope=row]", has_text=question).is_visible()
    assert page.locator(".glance-figure", has_text="About 90 in 100 people").first.is_visible()


def test_two_options_sit_side_by_side_on_a_phone(content, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(TWO)
    first_row = page.locator(".glance-row").first.locator("tr").first.locator("td")
    left, right = first_row.nth(0).bounding_box(), first_row.nth(1).bounding_box()
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] - 2


@pytest.mark.parametrize(("path", "width"), [(FIVE, 1280), (TWO, 375)], ids=["five-1280", "two-375"])
def test_the_column_headers_stay_in_view(content, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    page.locator("th[scope=row]", has_text="How strong is the evidence?").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 1000
    header = page.locator(".glance-table thead th", has_text="Botox injections").bounding_box()
    assert 0 <= header["y"] < 100, header


def test_each_row_opens_without_javascript(browser, live_server, content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(TWO)
        detail = tab.locator(".glance-more").first
        advantage = detail.locator(".points li").first
        assert not advantage.is_visible()
        detail.locator("summary").click()
        assert advantage.is_visible()
        assert detail.locator(".outcome-details").first.is_visible()  # range, population, certainty, source
    finally:
        context.close()


def test_a_figures_citation_opens_the_sources_at_its_reference(content, page):
    page.goto(TWO)
    sources = page.locator("#sources")
    assert sources.get_attribute("open") is None
    link = page.locator(".glance-figure .cite-link").first
    key = link.get_attribute("href")
    link.click()
    target = page.locator(key)
    target.wait_for(state="visible")
    assert sources.get_attribute("open") is not None


def test_printing_the_glance_matches_the_pdf(content, page):
    page.goto(TWO)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".glance-more").first.is_visible()
    assert page.locator(".glance-table").is_visible()
    assert page.locator(".glance-figure").first.is_visible()
    assert page.locator("#sources .references").is_visible()  # the sources print open
    # As in the PDF, the QR code and short link come first (not in the footer).
    assert page.locator(".glance-print-head .qr-code").is_visible()
    assert not page.locator(".print-footer").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    # As the server's PDF: one sheet, both sides (tests/browser/test_glance_print.py compares them).
    assert len(pdf.pages) <= 2
