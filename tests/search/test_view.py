"""/search/: what the reader sees, for good, odd and hostile queries."""

import re

import pytest
from django.urls import reverse

from search.engine import MAX_CHARS, MAX_WORDS, clean, highlight
from search.models import Synonym
from tests.factories import make_article

SEARCH = reverse("search:results")
BODY = (
    "## Zebrafish facts\n\nThe zebrafish can regrow nerves. Some say <b>bold</b> & 'quoted' things.\n\n"
    "## Other things\n\nNothing special here.\n"
)


@pytest.fixture
def fish(db, commit_callbacks):
    return commit_callbacks(make_article, title="Fish & <Chips>", slug="fish", body=BODY)


def test_every_page_has_a_search_box_that_works_without_javascript(client, db):
    html = client.get(reverse("core:home")).content.decode()
    assert f'action="{SEARCH}" method="get"' in html
    assert 'role="search"' in html
    assert 'name="q"' in html


def test_results_show_the_passage_with_the_words_marked(client, fish):
    response = client.get(SEARCH, {"q": "zebrafish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/articles/fish/#zebrafish-facts"' in html
    assert "<mark>zebrafish</mark>" in html
    assert "Fish &amp; &lt;Chips&gt;" in html


def test_a_query_never_becomes_markup(client, fish):
    html = client.get(SEARCH, {"q": '<script>alert("x")</script> zebrafish'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; zebrafish" in html


def test_page_text_in_a_passage_is_escaped(client, fish):
    # The sanitizer already removed the <b> tag from the body; what text is left is escaped again.
    html = client.get(SEARCH, {"q": "quoted"}).content.decode()
    assert "&amp; &#x27;<mark>quoted</mark>&#x27;" in html


def test_highlight_escapes_everything_but_its_marks():
    assert highlight("a <b> \x02x&y\x03 \x03z") == "a &lt;b&gt; <mark>x&amp;y</mark> z"
    assert highlight("\x02open") == "<mark>open</mark>"


def test_highlight_gives_what_escaping_each_piece_gives():
    """Against the plain way (split at the markers, escape each piece, open a mark at a START
    outside one and close it at a STOP inside one) on random text: markers as passage() writes
    them, and stray ones from a page's own text."""
    import random
    from html import escape

    def plain(passage):
        out, inside = [], False
        for piece in re.split("([\x02\x03])", passage):
            if piece == "\x02":
                out.append("" if inside else "<mark>")
                inside = True
            elif piece == "\x03":
                out.append("</mark>" if inside else "")
                inside = False
            else:
                out.append(escape(piece))
        return "".join(out) + ("</mark>" if inside else "")

    rng = random.Random(9)  # noqa: S311 (test data, not secrets)
    for _ in range(500):
        words = ["".join(rng.choices("a<&'\"> ", k=rng.randint(0, 4))) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.5:
            text = "".join(f"\x02{word}\x03" if rng.random() < 0.4 else word for word in words)
        else:
            text = "".join(word + rng.choice(["", "\x02", "\x03"]) for word in words)
        assert highlight(text) == plain(text), repr(text)


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!! ??? ...", "\x00\x01\x02\x03", "'\"--;/*", "%", "\\", "*", '"', "NEAR(", "OR", "AND NOT"],
)
def test_empty_or_punctuation_only_queries_get_a_clear_answer(client, fish, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert response.context["outcome"].results == [] or query in ("OR", "AND NOT")


def test_an_empty_query_asks_for_words_and_offers_the_main_pages(client, db):
    response = client.get(SEARCH, {"q": "?!"})
    assert response.context["outcome"].empty
    assert "Type a word or a few words" in response.content.decode()
    assert reverse("treatments:list") in response.content.decode()


def test_fts_syntax_is_searched_as_plain_words(client, fish):
    for query in ['zebrafish OR "', "zebrafish NEAR(x y)", "zebrafish*", "title:zebrafish", "-zebrafish", "^zebrafish"]:
        response = client.get(SEARCH, {"q": query})
        assert response.status_code == 200
        assert [r.url for r in response.context["outcome"].results] == ["/articles/fish/#zebrafish-facts"], query


def test_control_characters_are_dropped(client, fish):
    response = client.get(SEARCH, {"q": "zebra\x00fish\x1b zebrafish\u200b"})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    assert [r.url for r in response.context["outcome"].results] == ["/articles/fish/#zebrafish-facts"]


def test_a_very_long_query_is_cut_and_the_reader_told(client, fish):
    response = client.get(SEARCH, {"q": "zebrafish " + "x" * 5000})
    assert response.status_code == 200
    assert response.context["outcome"].truncated
    assert f"first {MAX_CHARS} characters" in response.content.decode()
    assert len(clean("y" * 10_000)[0]) == MAX_CHARS


def test_many_words_keep_the_first_few_and_say_which_were_left_out(client, fish):
    words = [f"word{i}" for i in range(20)]
    response = client.get(SEARCH, {"q": "zebrafish " + " ".join(words)})
    outcome = response.context["outcome"]
    assert outcome.dropped_words == words[MAX_WORDS - 1 :]
    assert [r.url for r in outcome.results] == ["/articles/fish/#zebrafish-facts"]
    assert "We left out" in response.content.decode()


def test_no_results_says_so_kindly_and_suggests_close_words(client, fish):
    response = client.get(SEARCH, {"q": "zebrafash kxqzv"})
    html = response.content.decode()
    outcome = response.context["outcome"]
    # "zebrafash" is corrected, so this finds the page; a word with no near neighbour finds nothing.
    assert ("zebrafash", "zebrafish") in outcome.corrections
    response = client.get(SEARCH, {"q": "kxqzv"})
    html = response.content.decode()
    assert response.context["outcome"].results == []
    assert "Sorry, we found no pages for" in html
    assert "Good places to start" in html
    assert reverse("articles:detail", args=["frequently-asked-questions"]) in html


def test_suggestions_offer_the_nearest_indexed_words(client, fish):
    # Too far to correct silently, near enough to suggest.
    outcome = client.get(SEARCH, {"q": "zebrafoxx"}).context["outcome"]
    assert outcome.results == []
    assert outcome.suggestions == ["zebrafish"]


def test_synonyms_from_the_editors_list_widen_the_search(client, fish):
    assert client.get(SEARCH, {"q": "danio"}).context["outcome"].results == []
    Synonym.objects.create(name="zebrafish", terms="zebrafish, danio, striped minnow")
    results = client.get(SEARCH, {"q": "danio"}).context["outcome"].results
    assert [r.url for r in results] == ["/articles/fish/#zebrafish-facts"]
    results = client.get(SEARCH, {"q": "striped minnows"}).context["outcome"].results
    assert [r.url for r in results] == ["/articles/fish/#zebrafish-facts"]


def test_the_query_count_does_not_grow_with_the_results(client, db, commit_callbacks, django_assert_max_num_queries):
    for number in range(12):
        commit_callbacks(make_article, slug=f"fish-{number}", body=BODY)
    for query in ("zebrafish", "zebrafash nerves regrow", "kxqzv", "nothing"):
        with django_assert_max_num_queries(5):
            client.get(SEARCH, {"q": query})


def test_searching_sets_no_cookie_and_is_not_for_search_engines(client, fish):
    response = client.get(SEARCH, {"q": "zebrafish"})
    assert response.cookies == {}
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_only_get_is_allowed(client, db):
    assert client.post(SEARCH, {"q": "x"}).status_code == 405


def test_each_result_says_whether_it_is_an_article_or_a_treatment_page(client, indexed_site):
    html = client.get(SEARCH, {"q": "botox"}).content.decode()
    result = r'<a class="search-result-title" href="([^"#]*)[^"]*">.*?<span class="search-result-kind">(\w+)</span>'
    results = re.findall(result, html, re.S)
    kinds = {path.split("/")[1]: kind for path, kind in results}
    assert kinds == {"articles": "Article", "treatments": "Treatment"}, results
