"""load_content at scale (issue 14 item 4): what each record costs must not repeat per record.

The reference keys are read once per load, each article is rendered once per save, the page-cache
generation and the search index are renewed once per load (one rebuild past a few pages), and
the result is the same as saving each page on its own.
"""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core import http
from search import indexing
from search.models import SearchDocument
from search.signals import REBUILD_AFTER
from tests.core.test_load_content import ARTICLE, REFERENCES

pytestmark = pytest.mark.django_db

COUNT = REBUILD_AFTER + 5


@pytest.fixture
def many_articles(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    for n in range(COUNT):
        slug = f"what-is-hemifacial-spasm-{n}"
        text = ARTICLE.replace("slug: what-is-hemifacial-spasm", f"slug: {slug}")
        text = text.replace("title: What is hemifacial spasm?", f"title: Page {n} about zygomatic{n}")
        (tmp_path / "articles" / f"{slug}.md").write_text(text)
    return tmp_path


def _load(path):
    call_command("load_content", "--path", str(path), stdout=StringIO())


def test_the_reference_keys_are_read_once_per_load(many_articles):
    with CaptureQueriesContext(connection) as queries:
        _load(many_articles)
    key_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "articles_reference"."key"') and "WHERE" not in q["sql"]
    ]
    # Once before the articles, and once more only if a reference was written after that.
    assert 1 <= len(key_reads) <= 2
    assert Article.objects.count() == COUNT
    assert all(article.citations.count() == 2 for article in Article.objects.all())


def test_each_article_is_rendered_once_per_save(many_articles):
    with mock.patch.object(Article, "render", autospec=True, side_effect=Article.render) as render:
        _load(many_articles)
    assert render.call_count == COUNT


def test_an_article_saved_again_is_rendered_afresh(db):
    from tests.factories import make_article, make_reference

    article = make_article(body="A fact [@later2020].", status=Article.Status.DRAFT, published_at=None)
    assert "[?]" in article.body_html  # not a source yet
    make_reference(key="later2020")
    article.save()  # the first save's rendering must not be reused
    assert "[?]" not in article.body_html
    assert article.citations.get().reference.key == "later2020"


def test_the_page_cache_generation_is_renewed_once_per_transaction(many_articles):
    with mock.patch.object(http, "_new_state", wraps=http._new_state) as renew:
        _load(many_articles)
    assert renew.call_count <= 3  # at the first save, and at the commit (plus any outer caller)


def test_a_large_load_rebuilds_the_search_index_once_with_every_page(many_articles, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(indexing, "index_article", wraps=indexing.index_article) as one_page,
        mock.patch.object(indexing, "rebuild", wraps=indexing.rebuild) as rebuild,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _load(many_articles)
    assert one_page.call_count <= REBUILD_AFTER
    assert rebuild.call_count == 1
    for n in range(COUNT):
        assert SearchDocument.objects.filter(title=f"Page {n} about zygomatic{n}").exists()


def test_a_few_pages_in_one_transaction_are_indexed_one_by_one(db, django_capture_on_commit_callbacks):
    from tests.factories import make_article

    with (
        mock.patch.object(indexing, "rebuild", wraps=indexing.rebuild) as rebuild,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        make_article(title="Only one new page about zygomatic")
    assert rebuild.call_count == 0
    assert SearchDocument.objects.filter(title="Only one new page about zygomatic").exists()
