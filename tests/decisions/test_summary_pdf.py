"""My summary for my appointment as a PDF, read back from the file: one side of one A4 sheet for
a typical set of answers, with everything it must say and its QR code."""

import io
import math

import pytest
from pypdf import PdfReader

from tests.decisions.summary_answers import ON_THE_SHEET, TYPICAL

A4 = (595, 842)


def text_sizes(reader):
    sizes = []
    for page in reader.pages:

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                sizes.append(font_size * math.sqrt(abs(a * d - b * c)))

        page.extract_text(visitor_text=visit)
    return sorted(sizes)


def assert_one_readable_sheet(pdf_bytes):
    """Shared with the browser's print (tests/browser/test_summary_print.py)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    text = " ".join(page.extract_text().split())
    for words in ON_THE_SHEET:
        assert words in text, words
    sizes = text_sizes(reader)
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
