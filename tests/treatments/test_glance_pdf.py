"""The glance as a PDF, read back from the file: pages, paper, type size, first-page facts, QR code,
and no table row alone on a sheet (issue 11 item 4), checked on the layout the file was made from."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

import core.pdf
from tests.pdf_tables import lonely_rows
from tests.pdf_text import text_sizes

pytestmark = pytest.mark.django_db

TWO = ["botox", "microvascular-decompression"]
THREE = ["botox", "microvascular-decompression", "watchful-waiting"]
FIVE = ["botox", "microvascular-decompression", "medication", "alternative-therapies", "watchful-waiting"]
A4 = (595, 842)  # points, upright


def query(slugs):
    return "&".join(f"t={slug}" for slug in slugs)


def decode_first_page_qr(pdf):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "glance.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(path), str(Path(folder) / "page")], check=True
        )
        image = Image.open(next(Path(folder).glob("page*.png"))).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def layouts(monkeypatch):
    """Every layout a PDF view makes (core.pdf.layout, which html_to_pdf writes the file from)."""
    made, real = [], core.pdf.layout

    def keep(html, *, base_url):
        made.append(real(html, base_url=base_url))
        return made[-1]

    monkeypatch.setattr(core.pdf, "layout", keep)
    return made


@pytest.mark.parametrize(
    ("slugs", "max_pages", "landscape"),
    [(TWO, 2, False), (THREE, 2, True), (FIVE, 3, True)],
    ids=["two", "three", "five"],
)
def test_the_glance_pdf_fits_its_sheets_in_readable_type(client, shipped_content, layouts, slugs, max_pages, landscape):
    response = client.get(f"/treatments/compare/pdf/?{query(slugs)}")
    assert response.status_code == 200
    [document] = layouts
    problems, sheets = lonely_rows(document)
    assert problems == []
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="hfs-options-botox-vs-')
    assert not response.cookies
    reader = PdfReader(io.BytesIO(response.content))
    pages = reader.pages
    assert 1 <= len(pages) <= max_pages
    assert len(pages) == sheets
    for page in pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == (A4[::-1] if landscape else A4)
    # Every piece of text at 11 pt or larger.
    sizes = text_sizes(reader)
    assert sizes and min(sizes) >= 11
    # No near-empty last page.
    texts = [page.extract_text() for page in pages]
    if len(pages) > 1:
        assert len(texts[-1]) > 0.2 * max(len(text) for text in texts), texts[-1]
    # The first page carries the review date, the short link and a QR code of the glance's address.
    url = f"http://testserver/treatments/compare/?{query(slugs)}"
    first = " ".join(texts[0].split())
    assert "Reviewed " in first and "next review due" in first
    assert f"testserver/treatments/compare/?{query(slugs)}" in "".join(texts[0].split())
    assert decode_first_page_qr(response.content) == [url]
    # Every option and every question is there, with the sources listed.
    for name in ("Botox injections", "How well does it work?", "How strong is the evidence?", "References"):
        assert name in " ".join(" ".join(texts).split())


def test_the_pdf_needs_two_options(client, shipped_content):
    response = client.get("/treatments/compare/pdf/?t=botox")
    assert response.status_code == 302
    assert response["Location"] == "/treatments/compare/?t=botox"
