"""My summary for my appointment printed from Chromium: one side of one A4 sheet, like its PDF,
with two and with three options (the longest answers, with the glance's figures)."""

import io

import pytest
from pypdf import PdfReader

from tests.decisions.summary_answers import LONGEST, option_count
from tests.decisions.test_summary_pdf import assert_one_readable_sheet

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", LONGEST)
def test_the_printed_summary_is_one_side_of_one_sheet_like_its_pdf(shipped_content, page, name):
    query = LONGEST[name]
    page.goto(f"/decide/summary/?{query}")
    page.emulate_media(media="print")
    assert page.locator(".summary-print-qr svg").is_visible()
    assert not page.locator(".guide-steps").is_visible()
    printed = page.pdf(format="A4", prefer_css_page_size=True)
    assert_one_readable_sheet(printed, options=option_count(query))
    server = PdfReader(io.BytesIO(page.request.get(f"/decide/summary/pdf/?{query}").body()))
    assert len(server.pages) == len(PdfReader(io.BytesIO(printed)).pages) == 1
