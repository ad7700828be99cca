"""deploy/bench_content.py, which `make bench` uses: every page it measures exists, and the
synthetic scales really multiply the content (a bench of 404s or of 1x content would mislead)."""

import importlib.util

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Article
from references.models import Citation


@pytest.fixture
def bench_content():
    spec = importlib.util.spec_from_file_location("bench_content", settings.BASE_DIR / "deploy" / "bench_content.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_the_bench_measures_is_a_real_page(shipped_content, bench_content):
    pages = dict(bench_content.pages())
    assert set(pages) == {
        "home", "articles", "article", "treatment", "glance-2", "compare-2", "compare-5", "handout-pack", "search"
    }  # fmt: skip
    assert pages["compare-5"].count("t=") == 5
    client = Client()
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert dict(bench_content.pages()) == pages  # the handout pack is made once


def test_a_scale_multiplies_the_published_articles_with_their_citations(shipped_content, bench_content):
    articles = Article.objects.published().count()
    citations = Citation.objects.filter(content_type__model="article").count()
    bench_content.scale(3)
    assert Article.objects.published().count() == 3 * articles
    assert Citation.objects.filter(content_type__model="article").count() == 3 * citations
    copy = Article.objects.published().filter(slug__endswith="-copy-2").first()
    assert Client().get(copy.get_absolute_url()).status_code == 200


def test_the_profile_times_the_pages_in_turn_and_prints_one_line_each(
    shipped_content, bench_content, monkeypatch, capsys, settings
):
    settings.ALLOWED_HOSTS = [bench_content.HOST]
    names = [name for name, _ in bench_content.pages()]
    urls = [url for _, url in bench_content.pages()]
    requested = []
    real_get = Client.get

    def get(self, url, *args, **kwargs):
        requested.append(url)
        return real_get(self, url, *args, **kwargs)

    monkeypatch.setattr(Client, "get", get)

    bench_content.profile(2)

    # A warming request each, two rounds with every page in turn, then one to count queries each.
    assert requested == urls + urls + urls + urls
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [line[0] for line in lines] == names
    for name, median_ms, queries, size in lines:
        assert float(median_ms) > 0, name
        assert queries.isdigit(), name
        assert int(size) > 1000, name
