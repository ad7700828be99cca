"""No table row alone on a page (issue 11 item 4), checked on WeasyPrint's own layout
(tests/pdf_tables.py): here, the summary pack with its comparison pushed down the sheet, and that
the check itself can fail. The packs as built (tests/handouts/test_summary_pack_pdf.py,
test_full_pack_pdf.py) and the glance (tests/treatments/test_glance_pdf.py) are checked where
their PDFs are made, on the same layout.
"""

import pytest

from articles.models import Article
from core.pdf import layout
from handouts.models import Handout
from tests.pdf_tables import lonely_rows
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

ARTICLES = ["what-is-hemifacial-spasm", "botox-injections", "choosing-a-treatment"]
BASE_URL = "http://testserver/"


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
    problems, pages = lonely_rows(layout(pushed, base_url=BASE_URL))
    assert problems == []
    assert pages <= 6


def test_the_check_can_fail():
    """Forced breaks leave one row of three alone on a page, and a header with no row under it."""
    style = "<style>@page { size: A4; margin: 10mm } body { font-size: 12pt }</style>"
    head = "<thead><tr><th>Question</th></tr></thead>"
    row = "<tr><td>{}</td></tr>"
    breaking = "<tr style='break-before: page'><td>B</td></tr>"
    alone = f"{style}<table>{head}<tbody>{row.format('A')}{breaking}{row.format('C')}</tbody></table>"
    problems, pages = lonely_rows(layout(alone, base_url=BASE_URL))
    assert pages == 2
    assert problems == ["page 1: one row of 3 alone, <table class=None> starting 'Question'"]
    empty_then_break = "<tbody style='break-after: page'></tbody>"
    header_last = f"{style}<table>{head}{empty_then_break}<tbody>{row.format('A')}{row.format('B')}</tbody></table>"
    problems, pages = lonely_rows(layout(header_last, base_url=BASE_URL))
    assert problems == ["page 1: the header row ends the page, <table class=None> starting 'Question'"]
    tall = "<tr><td style='height: 400mm'>C</td></tr>"
    split = f"{style}<table>{head}<tbody>{row.format('A')}{row.format('B')}{tall}</tbody></table>"
    problems, pages = lonely_rows(layout(split, base_url=BASE_URL))
    assert problems == ["page 2: one row of 3 alone, <table class=None> starting 'Question'"]
