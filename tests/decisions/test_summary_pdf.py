"""My summary for my appointment as a PDF, read back from the file: one side of one A4 sheet,
with the glance's rows and headline figures for two and for three options (the longest answers),
everything it must say, its QR code, and type no smaller than before the figures came."""

import io

import pytest
from pypdf import PdfReader

from tests.decisions.summary_answers import LONGEST, ON_THE_SHEET, option_count
from tests.pdf_text import text_sizes

A4 = (595, 842)


def sorted_sizes(reader):
    return sorted(text_sizes(reader))


def assert_one_readable_sheet(pdf_bytes, *, options=2):
    """Shared with the browser's print (tests/browser/test_summary_print.py)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    text = " ".join(page.extract_text().split())
    for words in ON_THE_SHEET:
        assert words in text, words
    sizes = sorted_sizes(reader)
    # Body text at 9.5 pt (half of it at least; the table of two options at 10 pt); with three
    # options the table is at 9 pt, as the summary's table was before it held figures. Sources at
    # 8 pt, citation marks at 7.5 pt or more.
    body = 9.45 if options == 2 else 8.95  # Chromium writes 9 pt as 8.99
    assert sizes[len(sizes) // 2] >= body
    assert sizes[0] >= 7.45
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("name", LONGEST)
def test_the_summary_pdf_is_one_side_of_one_sheet(client, shipped_content, name):
    response = client.get(f"/decide/summary/pdf/?{LONGEST[name]}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = assert_one_readable_sheet(response.content, options=option_count(LONGEST[name]))
    assert "Scan to open this summary again" in text
