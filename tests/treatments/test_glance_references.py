"""The glance's sources (page and PDF) in a short form that fits its sheets: at most three
authors, the PubMed ID rather than both it and the DOI."""

import pytest

from treatments.templatetags.glance import few_authors

TWO = "/treatments/compare/?t=botox&t=microvascular-decompression"


@pytest.mark.parametrize(
    ("authors", "short"),
    [
        ("Miller LE", "Miller LE"),
        ("A A, B B, C C, D D", "A A, B B, C C, D D"),  # "et al." would save nothing
        ("A A, B B, C C, D D, E E", "A A, B B, C C, et al."),
        (" A A ,B B, C C, D D, E E, ", "A A, B B, C C, et al."),
    ],
)
def test_few_authors_keeps_three_names(authors, short):
    assert few_authors(authors) == short


def test_few_authors_can_keep_one():
    assert few_authors("A A, B B", 1) == "A A, B B"
    assert few_authors("A A, B B, C C", 1) == "A A, et al."


@pytest.mark.django_db
def test_the_glance_lists_its_sources_in_short(client, shipped_content):
    page = client.get(TWO).content.decode()
    sources = page[page.index('id="sources"') :]
    # Rosenstengel et al. 2012: five authors, a PubMed ID and a DOI.
    assert "Rosenstengel C, Matthes M, Baldauf J, et al. (2012)" in sources
    assert "PMID 23264807" in sources
    assert "10.3238/arztebl.2012.0667" not in sources
