"""The shipped reference list (issue 12 item 3): every source labelled, dated and cited, keys that
carry their year, and journal articles with their PubMed and DOI identifiers. The figures and the
named gaps below are the audit's result (content/AUDIT.md); a gap may only shrink."""

import re

import pytest
import yaml
from django.conf import settings

from references.models import Reference

CONTENT = settings.BASE_DIR / "content"
REFERENCES = [
    item for path in sorted((CONTENT / "references").glob("*.yaml")) for item in yaml.safe_load(path.read_text())
]
TYPES = {"journal", "abstract", "web", "book"}
# Journal articles whose authors no record we could read showed (content/AUDIT.md). Fill, then delete.
AUTHORS_NOT_FOUND = {
    "finland2023", "worldneurosurg2019", "lagalla2010", "radiology1995",
    "neurosurgrev2020", "canjneurolsci2010", "neurolindia2017", "actaneurochir2019",
    "actaneurochir2016", "actaneurochir2019hearing", "eurneurol2013",
}  # fmt: skip
# Journal articles whose journal no record we read named: labelled "Journal not seen" in the list. Fill, then delete.
JOURNAL_NOT_SEEN = {"weidemeier2025", "zhao2019", "sleeppsg2019"}
# Journal articles with only a first author and "et al." in every record we read.
ONLY_FIRST_AUTHOR = {"sleeppsg2019"}
# Share of journal articles with both a PMID and a DOI. Floors are the audit's result and may only rise
# (content/AUDIT.md, fourth pass: 35 of 83 with both, 69 with at least one); the issue's target is 95 in 100.
# Only identifiers read on a record count: one that was "recalled" was removed (barker1995), see
# test_no_identifier_rests_on_memory.
MIN_BOTH_IDENTIFIERS = 0.42  # 35 of 83 (unchanged by the second sweep, AUDIT.md)
MIN_ANY_IDENTIFIER = 0.83  # 69 of 83
TARGET_BOTH_IDENTIFIERS = 0.95


def cited_keys():
    text = " ".join(path.read_text() for path in (CONTENT / "articles").glob("*.md"))
    treatments = (CONTENT / "treatments.yaml").read_text()
    keys = set(re.findall(r"@([a-z0-9]+)", text + treatments))
    keys |= set(re.findall(r"(?m)^\s+- ([a-z0-9]+)$", treatments))
    keys |= set(re.findall(r"(?m)^\s+reference: ([a-z0-9]+)$", treatments))
    return keys


def journals():
    return [ref for ref in REFERENCES if ref.get("type") == "journal"]


@pytest.mark.parametrize("ref", REFERENCES, ids=[ref["key"] for ref in REFERENCES])
def test_every_reference_is_labelled_dated_and_keyed_by_its_year(ref):
    assert ref.get("type") in TYPES, "type: journal, abstract, web or book"
    assert isinstance(ref.get("year"), int) and 1900 < ref["year"] <= 2100
    years_in_key = re.findall(r"(?:19|20)\d\d", ref["key"])
    assert years_in_key == [str(ref["year"])], f"key {ref['key']} must carry its year {ref['year']} and no other"
    assert str(ref.get("journal") or "").strip(), "journal, or the publisher of a web page"
    if ref["type"] == "web":
        assert ref.get("url", "").startswith("https://")
        assert "web page" in ref["journal"], "say it is a web page, and whose"
    if ref["type"] == "abstract":
        assert "abstract" in ref["journal"]


@pytest.mark.parametrize("ref", REFERENCES, ids=[ref["key"] for ref in REFERENCES])
def test_every_field_fits_the_model(ref):
    """The loader refuses the whole folder if one field is too long; say which one here, fast."""
    limits = {field.name: field.max_length for field in Reference._meta.get_fields() if getattr(field, "max_length", 0)}
    assert {"key", "title", "note"} <= set(limits)
    for name, value in ref.items():
        limit = limits.get(name)
        assert not limit or len(str(value or "")) <= limit, f"{ref['key']}.{name}: {len(str(value))} > {limit}"


@pytest.mark.parametrize("ref", REFERENCES, ids=[ref["key"] for ref in REFERENCES])
def test_every_reference_names_its_authors(ref):
    if ref["key"] in AUTHORS_NOT_FOUND:
        assert not str(ref.get("authors") or "").strip(), f"{ref['key']} now has authors: drop it from the gap list"
        return
    assert str(ref.get("authors") or "").strip()


def test_no_uncited_reference_and_no_unknown_key():
    keys = {ref["key"] for ref in REFERENCES}
    assert sorted(keys - cited_keys()) == []
    assert len(keys) == len(REFERENCES), "a key appears twice"


def test_journal_articles_carry_pubmed_and_doi_identifiers():
    articles = journals()
    both = [ref for ref in articles if ref.get("pmid") and ref.get("doi")]
    either = [ref for ref in articles if ref.get("pmid") or ref.get("doi")]
    assert len(both) / len(articles) >= MIN_BOTH_IDENTIFIERS, f"{len(both)} of {len(articles)} have both"
    assert len(either) / len(articles) >= MIN_ANY_IDENTIFIER, f"{len(either)} of {len(articles)} have one"
    for ref in articles:
        assert not ref.get("pmid") or re.fullmatch(r"\d{6,9}", str(ref["pmid"]))
        assert not ref.get("doi") or str(ref["doi"]).startswith("10.")


@pytest.mark.xfail(strict=True, reason="issue 12 target not met: 35 of 83 journal references have both (AUDIT.md)")
def test_journal_articles_meet_the_issue_target_for_both_identifiers():
    """Turns red (XPASS) the day the target is met: then raise MIN_BOTH_IDENTIFIERS and drop this xfail."""
    articles = journals()
    both = [ref for ref in articles if ref.get("pmid") and ref.get("doi")]
    assert len(both) / len(articles) >= TARGET_BOTH_IDENTIFIERS


@pytest.mark.parametrize("ref", journals(), ids=[ref["key"] for ref in journals()])
def test_a_journal_reference_names_its_journal_and_more_than_a_first_author(ref):
    """A journal we could not name, or an author list cut to "et al.", is said plainly and listed as a gap."""
    not_seen = "not seen" in ref["journal"].lower()
    assert not_seen == (ref["key"] in JOURNAL_NOT_SEEN), f"{ref['key']}: update JOURNAL_NOT_SEEN"
    first_only = str(ref.get("authors") or "").strip().endswith("et al.") and "," not in ref["authors"]
    assert first_only == (ref["key"] in ONLY_FIRST_AUTHOR), f"{ref['key']}: update ONLY_FIRST_AUTHOR"


def test_no_identifier_rests_on_memory():
    """An identifier counts only when a record showing it was read; a note that calls it recalled or unverified
    means it was never checked (content/AUDIT.md, fourth pass)."""
    for ref in journals():
        if ref.get("pmid") or ref.get("doi"):
            note = str(ref.get("note") or "").lower()
            assert not re.search(r"recalled|not verified|unverified|from memory", note), ref["key"]


def _surnames(authors):
    names = []
    for author in re.split(r",\s*", authors or ""):
        tokens = [t for t in author.split() if t.lower().strip(".") not in {"2nd", "jr", "et", "al"}]
        if tokens:
            names.append(re.sub(r"[^a-zà-ÿ]", "", "".join(tokens[:-1] if len(tokens) > 1 else tokens).lower()))
    return names


@pytest.mark.parametrize("ref", journals(), ids=[ref["key"] for ref in journals()])
def test_a_key_named_for_an_author_names_the_first_author(ref):
    """rodrigues2017 named the third author of Varanda et al. 2017; a key that names an author names the first."""
    prefix = re.match(r"[a-z]+", ref["key"]).group()
    surnames = _surnames(ref.get("authors"))
    if prefix in surnames:
        assert surnames[0] == prefix, f"{ref['key']}: first author is {surnames[0]}"


def test_retired_and_withdrawn_sources_are_gone():
    keys = {ref["key"] for ref in REFERENCES}
    assert {"simpson2008", "costa2005"} & keys == set()
    assert "simpson2016" in keys and "duarte2020" in keys
