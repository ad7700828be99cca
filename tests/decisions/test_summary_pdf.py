"""My summary for my appointment as a PDF, read back from the file: one side of one A4 sheet for
a typical set of answers, with everything it must say and its QR code."""

import io

import pytest
from pypdf import PdfReader

from tests.decisions.summary_answers import ON_THE_SHEET, TYPICAL
from tests.pdf_text import text_sizes

A4 = (595, 842)


def sorted_sizes(reader):
    return sorted(text_sizes(reader))


def assert_one_readable_sheet(pdf_bytes):
    """Shared with the browser's print (tests/browser/test_summary_print.py)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    text = " ".join(page.extract_text().split())
    for words in ON_THE_SHEET:
        assert words in text, words
    sizes = sorted_sizes(reader)
    # Body text at 9 pt or more (half of it at least); sources at 8 pt, citation marks at 7.5 pt.
    assert sizes[len(sizes) // 2] >= 8.95  # Chromium writes 9 pt as 8.99
    assert sizes[0] >= 7.45
    return text


@pytest.mark.django_db
def test_the_summary_pdf_is_one_side_of_one_sheet(client, shipped_content):
    response = client.get(f"/decide/summary/pdf/?{TYPICAL}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = assert_one_readable_sheet(response.content)
    assert "Scan to open this summary again" in text
