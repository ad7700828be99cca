"""At scale the article list stays short and fixed in queries; topics page through their articles."""

from articles.models import Category
from articles.views import ARTICLES_PER_GROUP, ARTICLES_PER_PAGE
from tests.factories import make_article


def _many(count, category=Category.CAUSES):
    for n in range(count):
        make_article(title=f"Causes article {n:03d}", slug=f"{category}-{n:03d}", category=category, order=n)


def test_the_article_list_shows_the_first_of_each_topic_and_links_to_the_rest(client, db):
    _many(ARTICLES_PER_GROUP + 5)
    make_article(title="Only symptoms article", category=Category.SYMPTOMS)
    html = client.get("/articles/").content.decode()
    assert "Causes article 000" in html
    assert f"Causes article {ARTICLES_PER_GROUP - 1:03d}" in html
    assert f"Causes article {ARTICLES_PER_GROUP:03d}" not in html
    assert f"See all {ARTICLES_PER_GROUP + 5} articles about Causes" in html
    assert "Only symptoms article" in html
    assert "articles about Symptoms" not in html


def test_the_article_list_costs_the_same_queries_at_any_size(client, db, django_assert_max_num_queries):
    _many(3)
    with django_assert_max_num_queries(2) as small:
        client.get("/articles/")
    _many(60, category=Category.SYMPTOMS)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/articles/")


def test_a_topic_pages_through_its_articles(client, db):
    _many(ARTICLES_PER_PAGE + 2)
    first = client.get("/articles/category/causes/").content.decode()
    assert "Causes article 000" in first
    assert f"Causes article {ARTICLES_PER_PAGE:03d}" not in first
    assert 'href="?page=2"' in first
    second = client.get("/articles/category/causes/?page=2").content.decode()
    assert f"Causes article {ARTICLES_PER_PAGE:03d}" in second
    assert "Page 2 of 2" in second
    past_the_end = client.get("/articles/category/causes/?page=9")
    assert past_the_end.status_code == 200
    assert "Page 2 of 2" in past_the_end.content.decode()
