import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from tests.factories import make_article, make_reference, make_user

pytestmark = pytest.mark.django_db


def test_article_page_shows_everything_a_reader_needs(client):
    make_reference(key="miller2012", authors="Miller LE, Miller VM", pmid="22168965")
    article = make_article(
        title="What is it?",
        summary="A plain summary.",
        body="## Part one\n\nAbout 9 in 100 [@miller2012].\n\n## Part two\n\nMore.",
        reviewer_name="HFS Guide editorial team",
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>What is it?</h1>" in content
    assert "A plain summary." in content
    assert 'href="#part-one"' in content  # table of contents
    assert 'id="ref-miller2012"' in content
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22168965/"' in content
    assert "Last reviewed" in content and "Next review due" in content
    assert "HFS Guide editorial team" in content
    assert "minute read" in content
    assert "does not replace advice from a clinician" in content


def test_overdue_article_still_shows_with_a_notice(client):
    today = timezone.localdate()
    article = make_article(
        last_reviewed=today - datetime.timedelta(days=500), next_review_due=today - datetime.timedelta(days=2)
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "overdue for review" in response.content.decode()


def test_fresh_article_has_no_overdue_notice(client):
    response = client.get(make_article().get_absolute_url())
    assert "overdue for review" not in response.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_404_for_readers_and_previewable_by_staff(client, overrides):
    article = make_article(**overrides)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    staff = make_user("staff", staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview." in response.content.decode()


def test_unpublished_articles_are_absent_from_lists(client):
    make_article(title="Visible one")
    make_article(title="Hidden draft", status=Article.Status.DRAFT)
    content = client.get(reverse("articles:list")).content.decode()
    assert "Visible one" in content and "Hidden draft" not in content


def test_list_groups_by_category_in_category_order(client):
    make_article(title="Symptoms piece", category=Category.SYMPTOMS)
    make_article(title="Causes piece", category=Category.CAUSES)
    content = client.get(reverse("articles:list")).content.decode()
    assert content.index("Causes piece") < content.index("Symptoms piece")


def test_category_page_lists_only_its_articles(client):
    make_article(title="About causes", category=Category.CAUSES)
    make_article(title="About symptoms", category=Category.SYMPTOMS)
    response = client.get(reverse("articles:category", kwargs={"slug": "causes"}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "About causes" in content and "About symptoms" not in content


def test_related_articles_come_from_the_same_category(client):
    article = make_article(category=Category.CAUSES)
    make_article(title="Sibling", category=Category.CAUSES)
    make_article(title="Stranger", category=Category.SYMPTOMS)
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Sibling" in content and "Stranger" not in content


@pytest.mark.parametrize(
    "url",
    ["/articles/no-such-article/", "/articles/category/no-such-category/", "/nothing/here/", "/articles/%E2%98%83/"],
)
def test_unknown_addresses_give_the_helpful_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "We could not find that page" in content
    assert 'href="/articles/"' in content


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?%00=%00",
        "?q=<script>alert(1)</script>",
        "?utm_source=x&utm_source=y",
        "?a[]=1&a[]=2",
        "?" + "x" * 5000,
    ],
)
def test_odd_query_strings_are_ignored(client, query):
    article = make_article()
    for url in ["/", "/articles/", "/articles/category/causes/", article.get_absolute_url()]:
        response = client.get(url + query)
        assert response.status_code == 200, url + query[:40]
        assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("count", [1, 20])
def test_query_count_is_fixed_whatever_the_amount_of_content(client, django_assert_max_num_queries, count):
    references = [make_reference() for _ in range(5)]
    cites = " ".join(f"[@{r.key}]" for r in references)
    articles = [make_article(category=Category.CAUSES, body=f"Text {cites}.") for _ in range(count)]
    for url in ["/", "/articles/", "/articles/category/causes/", articles[0].get_absolute_url()]:
        # 5: the page, its citations, change notes, the reviewer names for the JSON-LD (cached
        # after the first page) and the related pages; none grows with the content.
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200


def test_public_pages_set_no_cookies(client):
    article = make_article()
    for url in ["/", "/articles/", "/articles/category/causes/", article.get_absolute_url(), "/sitemap.xml", "/nope/"]:
        response = client.get(url)
        assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_titles_and_summaries_are_escaped(client):
    article = make_article(title="<script>alert('t')</script>", summary="<b onmouseover=x>s</b>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert('t')</script>" not in content
    assert "&lt;script&gt;" in content
    assert "<b onmouseover" not in content


def test_a_reference_without_identifier_offers_a_pubmed_search_not_a_raw_address(client):
    make_reference(key="nopmid", pmid="", doi="", url="https://pubmed.ncbi.nlm.nih.gov/?term=Some+title")
    content = client.get(make_article(body="Fact [@nopmid].").get_absolute_url()).content.decode()
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/?term=Some+title">Search PubMed for this title</a>' in content
