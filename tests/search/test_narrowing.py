"""The database first ranks a narrow set (sections holding two of the reader's words, or naming a
common word in a heading) so that search stays fast as the site grows; nothing is lost when that
set holds too few pages."""

import pytest
from django.utils import timezone

from search import backends
from search.engine import search
from tests.factories import make_article


def paths(query, **kwargs):
    return [result.url.split("#")[0] for result in search(query, **kwargs).results]


def hit_paths(concepts, **kwargs):
    hits = backends.find(concepts, weights=[1.0] * len(concepts), now=timezone.now(), limit=40, **kwargs)
    return {hit.path for hit in hits}


def add(commit_callbacks, slug, *, title=None, body):
    commit_callbacks(make_article, title=title or slug.title(), slug=slug, body=body)
    return f"/articles/{slug}/"


def test_the_narrow_search_wants_two_words_in_one_section(db, commit_callbacks):
    both = add(commit_callbacks, "both", body="## Pond life\n\nA zebrafish met a quokka.\n")
    add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish swam.\n")
    add(commit_callbacks, "marsupial", body="## Island life\n\nA quokka smiled.\n")
    concepts = [[("zebrafish",)], [("quokka",)]]
    assert hit_paths(concepts, two_or_more=True) == {both}
    assert hit_paths(concepts) == {both, "/articles/fish/", "/articles/marsupial/"}


def test_the_headings_search_wants_the_word_in_a_title_or_heading(db, commit_callbacks):
    if not backends.can_search_headings():
        pytest.skip("only SQLite's FTS5 narrows to titles and headings cheaply")
    titled = add(commit_callbacks, "kestrels", title="Kestrel", body="## Birds\n\nSmall falcons.\n")
    headed = add(commit_callbacks, "falcons", body="## The kestrel\n\nIt hovers.\n")
    add(commit_callbacks, "birds", body="## Birds\n\nA kestrel hovers.\n")
    assert hit_paths([[("kestrel",)]], headings_only=True) == {titled, headed}


def test_pages_with_only_one_of_the_words_are_still_found_when_too_few_hold_both(db, commit_callbacks):
    both = add(commit_callbacks, "both", body="## Pond life\n\nA zebrafish met a quokka.\n")
    fish = add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish swam.\n")
    marsupial = add(commit_callbacks, "marsupial", body="## Island life\n\nA quokka smiled.\n")
    found = paths("zebrafish quokka")
    assert found[0] == both
    assert set(found) == {both, fish, marsupial}


def test_common_words_in_bodies_are_still_found_when_few_headings_name_them(db, commit_callbacks):
    # "kestrel" is on every page, so it is common: headings are searched first, then everything.
    titled = add(commit_callbacks, "kestrels", title="Kestrel", body="## Birds\n\nA kestrel is a falcon.\n")
    others = [add(commit_callbacks, f"page-{n}", body=f"## Part {n}\n\nA kestrel hovers.\n") for n in range(3)]
    found = paths("kestrel")
    assert found[0] == titled
    assert set(found) == {titled, *others}
