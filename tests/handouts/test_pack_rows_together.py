"""No table row alone on a page (issue 11 item 4), checked on WeasyPrint's own layout.

The summary pack and the full pack (3 articles, 2 treatments, 5 options compared, as the page
count tests build them), the glance PDF with 2, 3 and 5 options are laid
out with `HTML(...).render()`; each page's box tree is walked for tables. A test fails when a table
with two or more body rows shows exactly one of them on some page (a row split across two pages
counts as a row on each), or when a page ends on a table's header row with no body row under it.
"""

from dataclasses import dataclass, field

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TableBox, TableRowBox, TableRowGroupBox

import core.pdf
from articles.models import Article
from core.pdf import LocalFilesOnly
from handouts.models import Handout
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

ARTICLES = ["what-is-hemifacial-spasm", "botox-injections", "choosing-a-treatment"]
BASE_URL = "http://testserver/"


@dataclass
class TableOnPage:
    """One table's fragment on one page."""

    page: int
    name: str
    body_rows: list = field(default_factory=list)  # the <tr> elements of its body rows here
    header_rows: int = 0


def _describe(table):
    first = next(table.iter("tr"), None)
    words = " ".join("".join(first.itertext()).split()) if first is not None else ""
    return f"<table class={table.get('class')!r}> starting {words[:60]!r}"


def _row_groups(table_box):
    for child in table_box.children:
        if isinstance(child, TableRowGroupBox):
            yield child, child.is_header
        elif isinstance(child, TableRowBox):  # rows straight under the table: body rows
            yield TableRowGroupBox.anonymous_from(table_box, [child]), False


def _tables(box, page, found):
    if isinstance(box, TableBox):
        fragment = TableOnPage(page, _describe(box.element))
        for group, is_header in _row_groups(box):
            rows = [row for row in group.children if isinstance(row, TableRowBox)]
            if is_header:
                fragment.header_rows += len(rows)
            elif not group.is_footer:
                fragment.body_rows += [row.element for row in rows]
        found.append((box.element, fragment))
    for child in getattr(box, "children", ()):
        _tables(child, page, found)


def lonely_rows(html):
    """What breaks the rule, in words (an empty list when every table keeps its rows together),
    and the number of pages."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFilesOnly(base_url=BASE_URL)).render()
    found = []
    for number, page in enumerate(document.pages, start=1):
        _tables(page._page_box, number, found)
    body_rows = {}
    for table, fragment in found:
        body_rows.setdefault(table, set()).update(id(row) for row in fragment.body_rows)
    problems = []
    for table, fragment in found:
        total = len(body_rows[table])
        here = len({id(row) for row in fragment.body_rows})
        if total >= 2 and here == 1:
            problems.append(f"page {fragment.page}: one row of {total} alone, {fragment.name}")
        if fragment.header_rows and here == 0:
            problems.append(f"page {fragment.page}: the header row ends the page, {fragment.name}")
    return problems, len(document.pages)


def pack_html(client, *, kind):
    treatments = list(Treatment.objects.in_order())
    handout = Handout.objects.create_pack(
        articles=Article.objects.published().filter(slug__in=ARTICLES),
        treatments=treatments[:2],
        compared=treatments[:5],
        kind=kind,
    )
    response = client.get(handout.get_absolute_url())
    assert response.status_code == 200
    return response.text


@pytest.fixture
def pdf_source(monkeypatch):
    """The HTML a PDF view hands to WeasyPrint (the same page, not a copy), instead of the file."""
    sources = []

    def keep(html, *, base_url):
        sources.append(html)
        return b"%PDF-1.7"

    monkeypatch.setattr(core.pdf, "html_to_pdf", keep)
    return sources


@pytest.mark.parametrize(("kind", "max_sheets"), [(Handout.Kind.SUMMARY, 6), (Handout.Kind.FULL, 28)])
def test_no_table_row_is_alone_on_a_page_of_a_pack(client, shipped_content, kind, max_sheets):
    problems, pages = lonely_rows(pack_html(client, kind=kind))
    assert problems == []
    assert pages <= max_sheets


def test_the_rows_stay_together_wherever_the_comparison_starts(client, shipped_content):
    """Pushed 160 mm down, the summary pack's five-option table once printed its first row alone at
    the foot of a sheet and its last alone on the next (before the print CSS kept them with their
    neighbours): the rule holds by the style sheet, not by where the content happens to fall."""
    html = pack_html(client, kind=Handout.Kind.SUMMARY)
    comparison = '<section class="summary-item" aria-labelledby="comparison">'
    assert comparison in html
    pushed = html.replace(comparison, f'<div class="push"></div>{comparison}').replace(
        "</head>", "<style>@media print { .push { height: 160mm; } }</style></head>"
    )
    problems, pages = lonely_rows(pushed)
    assert problems == []
    assert pages <= 6


@pytest.mark.parametrize(("options", "max_pages"), [(2, 2), (3, 2), (5, 3)])
def test_no_table_row_is_alone_on_a_page_of_the_glance_pdf(client, shipped_content, pdf_source, options, max_pages):
    slugs = list(Treatment.objects.in_order().values_list("slug", flat=True))[:options]
    response = client.get("/treatments/compare/pdf/?" + "&".join(f"t={slug}" for slug in slugs))
    assert response.status_code == 200
    [html] = pdf_source
    problems, pages = lonely_rows(html)
    assert problems == []
    assert pages <= max_pages


def test_the_check_can_fail():
    """Forced breaks leave one row of three alone on a page, and a header with no row under it."""
    style = "<style>@page { size: A4; margin: 10mm } body { font-size: 12pt }</style>"
    head = "<thead><tr><th>Question</th></tr></thead>"
    row = "<tr><td>{}</td></tr>"
    breaking = "<tr style='break-before: page'><td>B</td></tr>"
    alone = f"{style}<table>{head}<tbody>{row.format('A')}{breaking}{row.format('C')}</tbody></table>"
    problems, pages = lonely_rows(alone)
    assert pages == 2
    assert problems == ["page 1: one row of 3 alone, <table class=None> starting 'Question'"]
    empty_then_break = "<tbody style='break-after: page'></tbody>"
    header_last = f"{style}<table>{head}{empty_then_break}<tbody>{row.format('A')}{row.format('B')}</tbody></table>"
    problems, pages = lonely_rows(header_last)
    assert problems == ["page 1: the header row ends the page, <table class=None> starting 'Question'"]
    tall = "<tr><td style='height: 400mm'>C</td></tr>"
    split = f"{style}<table>{head}<tbody>{row.format('A')}{row.format('B')}{tall}</tbody></table>"
    problems, pages = lonely_rows(split)
    assert problems == ["page 2: one row of 3 alone, <table class=None> starting 'Question'"]
