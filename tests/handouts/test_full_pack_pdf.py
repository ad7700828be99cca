"""The full pack of the shipped content, printed by WeasyPrint and read back with pypdf
(issue 11 item 4: at most 28 A4 sheets for 3 articles, 2 treatments and the comparison, no table
row alone on a sheet)."""

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
# 44 sheets with a reference list per section and the full five-column tables; 27 with one
# reference list for the pack and the comparison at a glance on landscape sheets.
MAX_FULL_SHEETS = 28


def test_three_articles_two_treatments_and_five_compared_fit_on_28_sheets(client, shipped_content):
    # One PDF build only (it is slow): the widest comparison, five options.
    treatments = list(Treatment.objects.in_order())
    handout = Handout.objects.create_pack(
        articles=Article.objects.published().filter(slug__in=ARTICLES),
        treatments=treatments[:2],
        compared=treatments[:5],
        kind=Handout.Kind.FULL,
    )
    response = client.get(handout.get_absolute_url())
    assert response.status_code == 200
    assert response.context["kind"] == Handout.Kind.FULL

    # Laid out once (the slow part), checked as laid out, then written and read back as a file.
    document = layout(response.text, base_url="http://testserver/")
    problems, sheets = lonely_rows(document)
    assert problems == []
    pdf = PdfReader(BytesIO(document.write_pdf()))
    assert len(pdf.pages) == sheets
    print(f"full pack: {len(pdf.pages)} A4 sheets")
    assert len(pdf.pages) <= MAX_FULL_SHEETS
    # Every piece of text at 11 pt or larger, tables, sources and citation marks included.
    sizes = text_sizes(pdf)
    assert sizes and min(sizes) >= 10.95, min(sizes)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # Nothing left out to get there: every article and treatment is printed whole.
    assert "decompression" in text
    for slug in ARTICLES:
        assert Article.objects.get(slug=slug).title.split()[0] in text
    # One reference list, at the end, numbered as on the site.
    assert response.text.count('class="references"') == 1
    assert text.rindex("References") > text.index("Treatments side by side")
    # No word is broken mid-word without a hyphen either ("decompressio" / "n" in a narrow column).
    words = set(re.findall(r"\w+", response.text))
    for match in re.finditer(r"(\w+)\n(\w+)", text):
        assert match[1] in words or f"{match[1]}{match[2]}" not in words, match[0]
    # No word is broken across lines with a hyphen of its own, even in five narrow columns.
    for match in re.finditer(r"(\w+)-\n(\w+)", text):
        assert f"{match[1]}-{match[2]}" in response.text, match[0]
