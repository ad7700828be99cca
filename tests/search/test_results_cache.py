"""The results cache (search.cache): a repeated search costs no query, and what it returns is never
older than the content or the synonym list."""

import pytest

from search import cache as results_cache
from search.cache import cached_search, kept_search
from search.models import Synonym
from tests.factories import make_article


def urls(outcome):
    return [result.url.split("#")[0] for result in outcome.results]


@pytest.fixture(autouse=True)
def results_cache_on(settings):
    # Kept only with a cache shared by every process ("auto"); the tests' per-process cache is one process.
    settings.FRAGMENT_CACHE = "on"


@pytest.fixture
def fish(db, commit_callbacks):
    commit_callbacks(make_article, title="Fish", slug="fish", body="## Pond life\n\nA zebrafish swam.\n")
    return "/articles/fish/"


def test_a_repeated_search_is_answered_from_the_cache(fish, django_assert_num_queries):
    first = cached_search("zebrafish")
    assert urls(first) == [fish]
    with django_assert_num_queries(0):
        again = cached_search("zebrafish")
    assert urls(again) == [fish]
    assert str(again.results[0].passage) == str(first.results[0].passage)


def test_the_same_words_typed_differently_share_an_answer_but_not_its_notes(fish, django_assert_num_queries):
    cached_search("zebrafish")
    with django_assert_num_queries(0):
        assert urls(cached_search("  zebrafish ")) == [fish]
    # A query with control characters gets its own outcome (it says so to the reader).
    assert cached_search("zebrafish\x00").had_control_characters
    assert not cached_search("zebrafish").had_control_characters


def test_a_publish_is_found_at_once(fish, commit_callbacks):
    assert urls(cached_search("zebrafish")) == [fish]
    commit_callbacks(make_article, title="Tank", slug="tank", body="## Tanks\n\nA zebrafish tank.\n")
    assert set(urls(cached_search("zebrafish"))) == {fish, "/articles/tank/"}


def test_an_unpublished_page_leaves_the_cached_results(fish, commit_callbacks):
    from articles.models import Article

    assert urls(cached_search("zebrafish")) == [fish]
    article = Article.objects.get(slug="fish")
    article.status = Article.Status.DRAFT
    commit_callbacks(article.save)
    assert urls(cached_search("zebrafish")) == []


def test_a_new_synonym_group_is_used_at_once(fish, commit_callbacks):
    assert urls(cached_search("danio")) == []
    commit_callbacks(Synonym.objects.create, name="zebrafish", terms="zebrafish, danio")
    assert urls(cached_search("danio")) == [fish]


def test_without_a_content_generation_every_search_runs(fish, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(results_cache, "content_state", lambda: None)
    cached_search("zebrafish")
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        cached_search("zebrafish")


def test_no_results_are_kept_where_parts_of_pages_are_not(fish, settings, django_assert_max_num_queries):
    # As for page parts: off, or "auto" with a per-process cache (another worker would not hear of a publish).
    settings.FRAGMENT_CACHE = "off"
    settings.PAGE_CACHE = "on"
    cached_search("zebrafish")
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        cached_search("zebrafish")


def test_results_are_kept_with_the_page_cache_off_as_parts_of_pages_are(fish, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE = "off"
    cached_search("zebrafish")
    with django_assert_max_num_queries(0):
        assert urls(cached_search("zebrafish")) == [fish]


def test_the_search_page_uses_the_cache(client, fish, django_assert_max_num_queries):
    client.get("/search/", {"q": "zebrafish"})
    with django_assert_max_num_queries(0):
        response = client.get("/search/", {"q": "zebrafish"})
    assert response.status_code == 200
    assert "<mark>zebrafish</mark>" in response.content.decode()


def queries_of(action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_where_parts_are_kept_the_synonyms_are_read_once_per_content_generation(fish, settings, commit_callbacks):
    from search.engine import search

    settings.FRAGMENT_CACHE = "on"
    first = queries_of(lambda: search("zebrafish"))
    assert queries_of(lambda: search("zebrafish")) == first - 1
    # A synonym change starts a new generation: the new group is read and used at once.
    commit_callbacks(Synonym.objects.create, name="zebrafish", terms="zebrafish, danio")
    assert urls(search("danio")) == [fish]
    group = Synonym.objects.get(name="zebrafish")
    group.terms = "zebrafish, brachydanio"
    commit_callbacks(group.save)
    assert urls(search("danio")) == [] and urls(search("brachydanio")) == [fish]


def test_where_parts_are_not_kept_the_synonyms_are_read_on_every_search(fish, settings):
    from search.engine import search

    settings.FRAGMENT_CACHE = "off"
    first = queries_of(lambda: search("zebrafish"))
    assert queries_of(lambda: search("zebrafish")) == first


def test_kept_search_says_whether_the_words_were_asked_before(fish):
    first, asked_before = kept_search("zebrafish")
    assert urls(first) == [fish] and not asked_before
    again, asked_before = kept_search("zebrafish")
    assert urls(again) == [fish] and asked_before
