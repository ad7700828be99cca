"""The builder's article list at scale: a page at a time, found by words or topic, with what was
ticked and typed kept across pages (the form is posted, nothing saved), and a fixed number of queries."""

import re

import pytest

from articles.models import Category
from handouts.browse import ARTICLES_PER_PAGE
from handouts.models import Handout
from tests.factories import make_article

pytestmark = pytest.mark.django_db

NEW = "/handouts/new/"


def _many(count, category=Category.CAUSES, word="Causes"):
    return [
        make_article(title=f"{word} article {n:03d}", slug=f"{word.lower()}-{n:03d}", category=category, order=n)
        for n in range(count)
    ]


def _checked_ids(html):
    return {int(pk) for pk in re.findall(r'name="articles" value="(\d+)"[^>]*\bchecked', html)}


def test_the_builder_lists_one_page_of_articles_with_buttons_for_the_next(client):
    _many(ARTICLES_PER_PAGE + 5)
    html = client.get(NEW).content.decode()
    assert "Causes article 000" in html
    assert f"Causes article {ARTICLES_PER_PAGE - 1:03d}" in html
    assert f"Causes article {ARTICLES_PER_PAGE:03d}" not in html
    assert f"Showing articles 1 to {ARTICLES_PER_PAGE} of {ARTICLES_PER_PAGE + 5}" in html
    assert re.search(r'<button type="submit" name="page" value="2" formnovalidate formaction="#div_id_articles"', html)
    assert 'id="div_id_articles"' in html and 'formaction="#div_id_articles"' in html.split('name="browse"')[1][:200]
    assert 'formmethod="get"' not in html  # the form, note and all, is posted: never in an address
    second = client.post(NEW, {"page": 2}).content.decode()
    assert f"Causes article {ARTICLES_PER_PAGE:03d}" in second
    assert "Causes article 000" not in second
    assert 'name="page" value="1"' in second  # "Previous articles"


def test_what_was_ticked_stays_ticked_on_another_page_and_is_saved(client, treatments):
    articles = _many(ARTICLES_PER_PAGE + 5)
    first, last = articles[0], articles[-1]
    state = {
        "articles": [first.pk],
        "treatments": [treatments[0].pk],
        "note": "Read this before we meet.",
        "kind": "full",
        "page": 2,
    }
    response = client.post(NEW, state)
    assert response.status_code == 200 and not Handout.objects.exists()  # shown again, not saved
    html = response.content.decode()
    assert _checked_ids(html) == {first.pk}  # shown, ticked, though it belongs to page 1
    assert f'value="{treatments[0].pk}"' in html and "Read this before we meet." in html
    assert re.search(r'value="full"[^>]*checked', html)
    # Back on page 1 it is ticked in its own place, listed once.
    back = client.post(NEW, {**state, "page": 1, "articles": [first.pk, last.pk]}).content.decode()
    assert _checked_ids(back) == {first.pk, last.pk}
    assert back.count(f'name="articles" value="{first.pk}"') == 1
    # And an article from another page than the one shown is accepted when the form is sent.
    response = client.post(NEW, {"articles": [first.pk, last.pk], "kind": "summary"})
    assert response.status_code == 302
    assert set(Handout.objects.get().articles.all()) == {first, last}


def test_an_address_saved_with_the_fields_in_it_still_opens_the_builder_as_it_was(client, treatments):
    articles = _many(ARTICLES_PER_PAGE + 5)
    html = client.get(NEW, {"articles": [articles[0].pk], "page": 2, "note": "From an old link."}).content.decode()
    assert _checked_ids(html) == {articles[0].pk}
    assert f"Causes article {ARTICLES_PER_PAGE:03d}" in html and "From an old link." in html


def test_finding_and_paging_save_nothing_and_do_not_count_against_the_limit(client, settings):
    settings.HANDOUT_RATE_LIMIT = 1
    articles = _many(ARTICLES_PER_PAGE + 5)
    browsing = [{"browse": "Find articles", "find": "causes"}, {"page": 2}, {"page": "x"}, {"browse": "", "topic": "?"}]
    for sent in browsing:
        assert client.post(NEW, {**sent, "note": "Kept"}).status_code == 200, sent
    assert not Handout.objects.exists()
    # The one handout this address may make is still there to make.
    assert client.post(NEW, {"articles": [articles[0].pk], "kind": "summary"}).status_code == 302
    # A cross-site post is refused for browsing too, as for creating.
    assert client.post(NEW, {"page": 2}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_the_builder_finds_articles_by_words_and_topic(client):
    _many(3)
    _many(3, category=Category.TREATMENTS, word="Botox")
    found = client.post(NEW, {"browse": "Find articles", "find": "botox 001"}).content.decode()
    assert "Botox article 001" in found
    assert "Botox article 000" not in found and "Causes article 001" not in found
    topic = client.get(NEW, {"topic": Category.TREATMENTS}).content.decode()
    assert "Botox article 002" in topic and "Causes article" not in topic
    nothing = client.get(NEW, {"find": "zebra"}).content.decode()
    assert "No published article matches" in nothing
    # Nonsense in the address is ignored, not an error.
    assert client.get(NEW, {"page": "x", "topic": "nope", "articles": ["1e9", "-3", "abc"]}).status_code == 200


@pytest.mark.parametrize("count", [3, 3 * ARTICLES_PER_PAGE])
def test_the_builder_page_costs_the_same_and_stays_small_at_any_size(
    client, treatments, count, django_assert_max_num_queries
):
    articles = _many(count)
    with django_assert_max_num_queries(4):
        response = client.get(NEW, {"articles": [articles[-1].pk], "page": 1})
    assert response.status_code == 200
    assert response.content.decode().count('name="articles"') <= ARTICLES_PER_PAGE + 1
    assert len(response.content) < 60_000
