"""A pack's rendered body is kept for as long as the content is unchanged (core.fragments): a
second reader of the same short link costs one query, and never sees a stale or deleted pack."""

import pytest
from django.test import Client

from articles.models import Article
from handouts.models import Handout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("parts_kept")]


@pytest.fixture
def pack(articles, treatments):
    return Handout.objects.create_pack(articles=articles[:2], treatments=treatments[:1], compared=treatments[:2])


def _get(url):
    response = Client().get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("kind", ["summary", "full"])
def test_a_second_reader_gets_the_same_pack_from_one_query(pack, kind, django_assert_num_queries):
    url = f"{pack.get_absolute_url()}?pack={kind}"
    status, first = _get(url)
    assert status == 200
    with django_assert_num_queries(1):  # the handout itself: is the code still there?
        status, second = _get(url)
    assert second == first
    if kind == "summary":
        assert "As a PDF on A4 paper, this summary takes 1 sheet." in second


def test_the_summary_and_the_full_pack_are_kept_apart(pack, articles):
    _get(f"{pack.get_absolute_url()}?pack=summary")
    _status, full = _get(f"{pack.get_absolute_url()}?pack=full")
    _status, summary = _get(f"{pack.get_absolute_url()}?pack=summary")
    assert 'href="?pack=summary"' in full and 'href="?pack=full"' in summary
    assert "this summary takes" not in full


def test_an_unpublished_page_leaves_the_kept_pack_at_once(pack, articles, django_capture_on_commit_callbacks):
    _status, before = _get(pack.get_absolute_url())
    assert articles[0].title in before
    article = Article.objects.get(pk=articles[0].pk)
    article.status = Article.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    _status, after = _get(pack.get_absolute_url())
    assert articles[0].title not in after
    assert "One page in this handout is no longer on the site" in after


def test_a_deleted_handout_is_gone_even_with_its_body_kept(pack):
    assert _get(pack.get_absolute_url())[0] == 200
    pack.delete()
    status, html = _get(pack.get_absolute_url())
    assert status == 404
    assert "We could not find that page" in html
    assert "Your handout" not in html
