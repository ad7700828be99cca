"""Table rows on the pages of a PDF the site lays out (WeasyPrint's own layout, before any file).

The rule (issue 11 item 4): no table shows exactly one of its two or more body rows on a page (a
row split across two pages counts as a row on each), and no page ends on a table's header row
with no body row under it. `lonely_rows(core.pdf.layout(html, base_url=...))` says what breaks it.
"""

from dataclasses import dataclass, field

from weasyprint.formatting_structure.boxes import TableBox, TableRowBox, TableRowGroupBox


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


def lonely_rows(document):
    """What breaks the rule in a laid-out document (weasyprint's, as core.pdf.layout gives it), in
    words (an empty list when every table keeps its rows together), and the number of pages."""
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
