"""Printing the glance from Chromium (print media, the page's own A4 size) against the server's
PDF of the same options: the same sheets, the same orientation, 11 pt text, no near-empty page."""

import io

import pytest
from pypdf import PdfReader

from tests.pdf_text import text_sizes

pytestmark = pytest.mark.browser

A4 = (595, 842)  # points, upright
FIVE = ["botox", "microvascular-decompression", "medication", "alternative-therapies", "watchful-waiting"]
OPTIONS = {
    "two": (["botox", "microvascular-decompression"], 2, False),
    "three": (["botox", "microvascular-decompression", "watchful-waiting"], 2, True),
    "five": (FIVE, 3, True),
}


def sheets(reader):
    return [(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in reader.pages]


@pytest.mark.parametrize("options", OPTIONS, ids=list(OPTIONS))
def test_printing_the_glance_gives_the_sheets_of_its_pdf(shipped_content, page, options):
    slugs, max_pages, landscape = OPTIONS[options]
    query = "&".join(f"t={slug}" for slug in slugs)
    page.goto(f"/treatments/compare/?{query}")
    page.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    server = PdfReader(io.BytesIO(page.request.get(f"/treatments/compare/pdf/?{query}").body()))

    sheet = A4[::-1] if landscape else A4
    assert sheets(printed) == [sheet] * len(printed.pages)
    assert len(printed.pages) <= max_pages
    assert len(printed.pages) == len(server.pages)
    # 11 pt or larger (Chromium writes 11 pt as 10.99).
    assert min(text_sizes(printed)) >= 10.95
    texts = [" ".join(page.extract_text().split()) for page in printed.pages]
    if len(texts) > 1:
        assert len(texts[-1]) > 0.2 * max(len(text) for text in texts), texts[-1]
    # What the PDF's first page says, the printed first page says too; the rest is on paper.
    assert "Your options at a glance" in texts[0] and "next review due" in texts[0]
    assert "/treatments/compare/?t=botox" in texts[0].replace(" ", "")
    everything = " ".join(texts)
    for words in ("How well does it work?", "How strong is the evidence?", "References", "No reliable figure for"):
        assert words in everything, words
    assert "Details and sources" not in everything
