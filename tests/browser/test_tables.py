"""Tables on phones (320-375 px): they reflow into labelled cells, never cut off mid-word."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUT_OFF = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page is ${doc.scrollWidth - doc.clientWidth}px too wide`);
  for (const region of document.querySelectorAll('.table-scroll')) {
    if (region.scrollWidth > region.clientWidth) problems.push(`scrolls: ${region.textContent.slice(0, 30)}`);
  }
  for (const cell of document.querySelectorAll('.prose td')) {
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`cut off: ${cell.textContent.trim().slice(0, 40)}`);
  }
  return problems.slice(0, 10);
}"""


@pytest.fixture
def content(shipped_content):
    """The shipped content, loaded once per session and copied in (committed: the live server reads it)."""


@pytest.mark.parametrize("width", [320, 375])
def test_an_article_table_reflows_into_labelled_cells(content, page, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/articles/what-is-hemifacial-spasm/")
    assert page.locator(".prose table").count() >= 1
    assert page.evaluate(CUT_OFF) == []
    # "It affects both eyes" is read in full, under its column's name.
    cell = page.locator(".prose td", has_text="It affects").first
    assert cell.is_visible()
    label = page.evaluate("(el) => getComputedStyle(el, '::before').content", cell.element_handle())
    assert label.strip('"') == cell.get_attribute("data-label") and label.strip('"')
    assert axe_violations(page) == []


def test_a_wide_table_still_reads_as_a_table_on_a_computer(content, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/articles/what-is-hemifacial-spasm/")
    assert page.evaluate("getComputedStyle(document.querySelector('.prose table')).display") == "table"
    assert page.locator(".prose thead th").first.is_visible()
