"""The builder's article list at scale: a page at a time, found by words or topic, with what was
ticked kept across pages in the address (GET), and a fixed number of queries."""

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
    assert re.search(r'<button type="submit" name="page" value="2" formmethod="get" formnovalidate', html)
    second = client.get(NEW, {"page": 2}).content.decode()
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
    html = client.get(NEW, state).content.decode()
    assert _checked_ids(html) == {first.pk}  # shown, ticked, though it belongs to page 1
    assert f'value="{treatments[0].pk}"' in html and "Read this before we meet." in html
    assert re.search(r'value="full"[^>]*checked', html)
    # Back on page 1 it is ticked in its own place, listed once.
    back = client.get(NEW, {**state, "page": 1, "articles": [first.pk, last.pk]}).content.decode()
    assert _checked_ids(back) == {first.pk, last.pk}
    assert back.count(f'name="articles" value="{first.pk}"') == 1
    # And an article from another page than the one shown is accepted when the form is sent.
    response = client.post(NEW, {"articles": [first.pk, last.pk], "kind": "summary"})
    assert response.status_code == 302
    assert set(Handout.objects.get().articles.all()) == {first, last}


def test_the_builder_finds_articles_by_words_and_topic(client):
    _many(3)
    _many(3, category=Category.TREATMENTS, word="Botox")
    found = client.get(NEW, {"find": "botox 001"}).content.decode()
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
