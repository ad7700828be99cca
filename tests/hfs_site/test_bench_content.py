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


def test_new_searches_draw_two_common_words_that_find_pages(shipped_content, bench_content):
    import re

    from search.engine import STOP_WORDS, search

    script = bench_content.new_searches()
    words = re.findall(r'"([^"]*)"', script.split("local words = ", 1)[1].split("\n", 1)[0])
    assert len(words) == bench_content.SEARCH_WORDS == len(set(words))
    assert all(word.isalpha() and len(word) > 2 and word not in STOP_WORDS for word in words)
    assert "math.random(#words)" in script and '"/search/?q="' in script
    # Words of the site: they find pages, as a reader's search would (PostgreSQL's English
    # dictionary drops a few as stop words of its own: few, both, each).
    found = [word for word in words[:20] if search(word).results]
    assert len(found) >= 15, set(words[:20]) - set(found)


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

    bench_content.profile(2, "7")

    # A warming request each, two rounds with every page in turn, then each page twice more:
    # once to count its queries, once to count its Python calls.
    assert requested == urls + urls + urls + [url for url in urls for _ in range(2)]
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    samples = [line for line in lines if line[0] == "sample"]
    facts = [line for line in lines if line[0] == "page"]
    assert [line[1] for line in samples] == names + names
    assert [line[1] for line in facts] == names
    for _kind, name, scale, cpu_ms, wall_ms in samples:
        assert scale == "7"
        assert float(cpu_ms) > 0 and float(wall_ms) > 0, name
    for _kind, name, _scale, queries, size, calls in facts:
        assert queries.isdigit(), name
        assert int(size) > 1000, name
        assert int(calls) > 1000, name  # a page's request runs thousands of Python calls


def test_the_profile_table_takes_the_median_of_every_round_and_compares_the_scales(bench_content, tmp_path, capsys):
    lines = tmp_path / "profile.txt"
    lines.write_text(
        "\n".join(
            [
                "sample home 1 2.0 9", "sample home 100 3.0 9", "sample home 100 1.0 9",
                "sample home 100 2.5 9", "sample home 1 2.0 9", "sample home 1 9.0 9",
                "sample search 1 4.0 9", "sample search 100 6.0 9",
                "page home 1 0 5000 9975", "page home 100 0 5000 9975",
                "page home 100 0 5000 9975", "page home 1 0 5000 9975",
                "page search 1 2 3000 19000", "page search 100 3 3000 22000",
            ]
        )
    )  # fmt: skip

    bench_content.table(lines)

    header, rule, home, search = capsys.readouterr().out.splitlines()
    assert header.startswith("| page | 1x ms | 1x queries | 100x ms | 100x queries | 100x/1x time |")
    assert rule.count("---") == 8
    # Medians over all rounds (wall times ignored): 1x 2.0, 100x 2.5.
    assert home == "| home | 2.00 | 0 | 2.50 | 0 | 1.25 | yes | 9,975 → 9,975 |"
    assert search == "| search | 4.00 | 2 | 6.00 | 3 | 1.50 | no (2 → 3) | 19,000 → 22,000 |"
