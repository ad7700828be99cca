"""Patients' own queries against the shipped content: the answering page must be in the top 3."""

from search.engine import search

from .patient_queries import PATIENT_QUERIES

REQUIRED = 27


def test_at_least_30_patient_queries_are_listed():
    assert len(PATIENT_QUERIES) >= 30
    assert len({query for query, _page in PATIENT_QUERIES}) == len(PATIENT_QUERIES)


def test_the_answering_page_is_in_the_top_three(indexed_site, django_assert_max_num_queries):
    misses = []
    for query, page in PATIENT_QUERIES:
        with django_assert_max_num_queries(5):
            found = [result.url.split("#")[0] for result in search(query, limit=10).results[:3]]
        if page not in found:
            misses.append(f"{query!r}: wanted {page}, got {found}")
    hits = len(PATIENT_QUERIES) - len(misses)
    assert hits >= REQUIRED, f"only {hits} of {len(PATIENT_QUERIES)} in the top 3:\n" + "\n".join(misses)


def test_misspellings_are_corrected_to_indexed_words(indexed_site):
    assert ("spazm", "spasm") in search("hemifacial spazm").corrections
    assert ("botax", "botox") in search("botax").corrections
    assert ("decompresion", "decompression") in search("decompresion").corrections
    # A correctly spelled word, or another form of an indexed one, is left alone.
    assert search("twitches").corrections == []
    assert search("botox").corrections == []


def test_results_link_to_the_section_that_answers(indexed_site):
    results = search("will botox stop working", limit=3).results
    assert any(result.url.endswith("#will-botox-stop-working") for result in results), [r.url for r in results]
