"""The summary pack of the shipped content, printed by WeasyPrint and read back with pypdf: its
sheets, its type size, no table row alone on a sheet (issue 11 item 4)."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from articles.models import Article
from core.pdf import layout
from handouts.models import Handout
from tests.pdf_tables import lonely_rows
from tests.pdf_text import text_sizes
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

ARTICLES = ["what-is-hemifacial-spasm", "botox-injections", "choosing-a-treatment"]
MAX_SUMMARY_SHEETS = 6


@pytest.mark.parametrize("compared", [2, 5])
def test_three_articles_two_treatments_and_the_comparison_fit_on_six_sheets(client, shipped_content, compared):
    treatments = list(Treatment.objects.in_order())
    handout = Handout.objects.create_pack(
        articles=Article.objects.published().filter(slug__in=ARTICLES),
        treatments=treatments[:2],
        compared=treatments[:compared],
    )
    response = client.get(handout.get_absolute_url())
    sheets = response.context["sheets"]
    assert 1 <= sheets <= MAX_SUMMARY_SHEETS
    assert f"this summary takes {sheets} sheets" in response.text

    # Laid out once (the slow part), checked as laid out, then written and read back as a file.
    document = layout(response.text, base_url="http://testserver/")
    assert lonely_rows(document) == ([], sheets)
    pdf = PdfReader(BytesIO(document.write_pdf()))
    assert len(pdf.pages) == sheets
    # Every piece of text at 11 pt or larger, tables, sources and citation marks included.
    sizes = text_sizes(pdf)
    assert sizes and min(sizes) >= 10.95, min(sizes)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # No word is broken across lines with a hyphen of its own, even in five narrow columns: a
    # line may end only at a hyphen the text itself has ("risk-free").
    for match in re.finditer(r"(\w+)-\n(\w+)", text):
        assert f"{match[1]}-{match[2]}" in response.text, match[0]
    assert "decompression" in text
    # One reference list, at the end.
    assert text.count("References") == 1


def test_the_pack_offers_its_pdf_and_the_pdf_has_the_sheets_the_page_states(client, shipped_content):
    treatments = list(Treatment.objects.in_order())
    handout = Handout.objects.create_pack(
        articles=Article.objects.published().filter(slug__in=ARTICLES), treatments=treatments[:2], compared=treatments
    )
    page = client.get(handout.get_absolute_url())
    sheets = page.context["sheets"]
    pdf_url = f"/h/{handout.code}/pdf/"
    assert f'href="{pdf_url}"' in page.text

    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="hfs-handout-{handout.code}.pdf"'
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies
    pdf = PdfReader(BytesIO(response.content))
    assert len(pdf.pages) == sheets
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # The pack itself, pointing to its own page (not to the PDF's address), and not the screen-only note.
    assert "Information about hemifacial spasm: in short" in text
    assert f"/h/{handout.code}" in text and f"{handout.code}/pdf" not in text
    assert "this summary takes" not in text
