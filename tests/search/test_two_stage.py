"""Search ranks whole pages first (search.models.SearchPage), then the sections of the best pages
only, from the stems stored with each section: fast as the site grows, and nothing a reader needs
is lost on the way."""

import random
import re

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from search import backends
from search.engine import light_stem, passage, search, stems_text
from search.models import SearchDocument, SearchPage, Synonym
from tests.factories import make_article


def paths(query, **kwargs):
    return [result.url.split("#")[0] for result in search(query, **kwargs).results]


def add(commit_callbacks, slug, *, title=None, body, **kwargs):
    commit_callbacks(make_article, title=title or slug.title(), slug=slug, body=body, **kwargs)
    return f"/articles/{slug}/"


def test_each_public_page_has_one_page_row_with_all_its_sections(db, commit_callbacks):
    add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish met a quokka.\n\n## Sea life\n\nA shark.\n")
    page = SearchPage.objects.get()
    assert page.title == "Fish"
    assert page.headings == "Pond life Sea life"
    assert "zebrafish" in page.body and "shark" in page.body
    sections = SearchDocument.objects.filter(page_id=page.page_id).order_by("position")
    assert [section.body_stems for section in sections][1:] == ["a met quokka zebrafish", "a shark"]
    assert sections[1].heading_stems == stems_text("Fish Pond life")


def test_an_unpublished_page_leaves_the_page_index(db, commit_callbacks):
    add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish.\n")
    article = Article.objects.get(slug="fish")
    article.status = Article.Status.DRAFT
    commit_callbacks(article.save)
    assert not SearchPage.objects.exists()
    assert paths("zebrafish") == []


def test_the_database_returns_the_sections_of_the_best_pages_only(db, commit_callbacks):
    titled = add(commit_callbacks, "zebrafish", title="Zebrafish", body="## Care\n\nA zebrafish eats.\n")
    for n in range(4):
        add(commit_callbacks, f"page-{n}", body=f"## Part {n}\n\nA zebrafish once. Other words here.\n")
    rows = backends.top_pages([[("zebrafish",)]], weights=[1.0], now=timezone.now(), limit=2)
    places = {(page_type, page_id): place for _pk, place, page_type, page_id, *_rest in rows}
    assert sorted(places.values()) == [1, 2]
    article_id = SearchPage.objects.get(title="Zebrafish").page_id
    assert places[("article", article_id)] == 1, "the page naming the word in its title ranks first"
    # Every section of each chosen page, with its stored stems.
    assert len(rows) == SearchDocument.objects.filter(page_id__in=[pk for _kind, pk in places]).count()
    assert all(row[5] is not None and row[6] is not None for row in rows)
    assert paths("zebrafish")[0] == titled


def test_the_section_holding_the_words_is_the_one_linked(db, commit_callbacks):
    add(commit_callbacks, "fish", body="## Pond life\n\nFrogs.\n\n## Odd pairs\n\nA zebrafish met a quokka.\n")
    [result] = search("zebrafish quokka").results
    assert result.url == "/articles/fish/#odd-pairs"
    assert "<mark>zebrafish</mark>" in result.passage and "<mark>quokka</mark>" in result.passage


def test_pages_holding_more_of_the_words_come_first(db, commit_callbacks):
    fish = add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish swam. A zebrafish dived.\n")
    marsupial = add(commit_callbacks, "marsupial", body="## Island life\n\nA quokka smiled.\n")
    both = add(commit_callbacks, "both", body="## Pond life\n\nA zebrafish met a quokka.\n")
    found = paths("zebrafish quokka")
    assert found[0] == both
    assert set(found) == {both, fish, marsupial}


def test_scheduled_pages_are_not_ranked_before_their_time(db, commit_callbacks):
    later = timezone.now() + timezone.timedelta(days=1)
    add(commit_callbacks, "soon", body="## Pond life\n\nA zebrafish.\n", published_at=later)
    assert paths("zebrafish") == []
    assert paths("zebrafish", now=later + timezone.timedelta(minutes=1)) == ["/articles/soon/"]


def test_the_passage_is_the_stretch_with_the_most_searched_words():
    body = " ".join(["filler"] * 50) + " the zebrafish met a quokka. " + " ".join(["more"] * 50)
    text = passage(body, {"zebrafish", "quokka"}, words=8)
    assert text.startswith("…") and text.endswith("…")
    assert "\x02zebrafish\x03" in text and "\x02quokka\x03" in text
    assert passage("A short one.", {"short"}) == "A \x02short\x03 one."
    assert passage("", {"short"}) == ""


def test_the_passage_keeps_the_text_around_its_words_exactly():
    # From the start: what comes before the first word is kept; to the end: what follows the last.
    assert passage("(Fish) swim, fish rest.", {"fish"}, words=4) == "(\x02Fish\x03) swim, \x02fish\x03 rest."
    # Cut on both sides: the stretch runs from its first word to its last, with an ellipsis each side.
    body = "one two three fish_tank four. Fish five six seven"
    assert passage(body, {"fish"}, words=4) == "…\x02fish\x03_tank four. \x02Fish\x03…"
    assert passage(body, {"fish"}, words=3) == "…two three \x02fish\x03…"  # the earliest of the fullest
    # Cut at the end only: the earliest of the fullest stretches, ending on its last word.
    assert passage("fish one two fish three four", {"fish"}, words=4) == "\x02fish\x03 one two \x02fish\x03…"
    # Forms of a searched word are marked (twitches, twitching: twitch); other words are not.
    assert passage("Twitches, twitching and itches.", {"twitch"}) == "\x02Twitches\x03, \x02twitching\x03 and itches."


def _plain_passage(body, stems, words):
    """passage() written the slow, obvious way: every window tried, every word looked at."""
    pieces = re.split(r"([^\W_]+)", body)
    tokens = pieces[1::2]
    if not tokens:
        return body[:300]
    marked = [light_stem(token.lower()) in stems for token in tokens]
    counts = [sum(marked[start : start + words]) for start in range(max(1, len(tokens) - words + 1))]
    start = counts.index(max(counts))
    end = min(len(tokens), start + words)
    text = "…" if start else pieces[0]
    for index in range(start, end):
        text += f"\x02{tokens[index]}\x03" if marked[index] else tokens[index]
        if index + 1 < end or end == len(tokens):
            text += pieces[2 * index + 2]
    return text + ("…" if end < len(tokens) else "")


def test_the_passage_is_what_the_plain_reading_of_its_rule_gives_on_random_text():
    rng = random.Random(14)  # noqa: S311 (test data, not secrets)
    vocabulary = ["Fish", "fish", "fishes", "swim", "swimming", "tank", "é", "ça", "x", "42", "rest"]
    separators = [" ", ", ", ". ", "_", " (", ") ", "—", "\n", "  "]
    for _ in range(400):
        body = rng.choice(["", " ", "("]) + "".join(
            rng.choice(vocabulary) + rng.choice(separators) for _ in range(rng.randint(0, 40))
        )
        stems = {light_stem(word.lower()) for word in rng.sample(vocabulary, rng.randint(0, 3))}
        for words in (1, 3, 8, 32):
            assert passage(body, stems, words=words) == _plain_passage(body, stems, words), (body, stems, words)


def test_postgresql_ranks_a_bounded_set_of_candidates_found_by_title_heading_or_lead(db, commit_callbacks, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes its candidates in index order (test below)")
    titled = {
        add(commit_callbacks, f"zebrafish-{n}", title=f"Zebrafish {n}", body="## Care\n\nIt eats.\n") for n in range(2)
    }
    body_only = add(commit_callbacks, "pond", body="## Pond life\n\nA zebrafish swam.\n")
    # Two pages name the word in their title: the candidates are full, so no body is read.
    monkeypatch.setattr(backends, "CANDIDATES", 2)
    assert set(paths("zebrafish")) == titled
    # With fewer such pages than candidates wanted, pages holding the word in their body are ranked too.
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    assert set(paths("zebrafish")) == {*titled, body_only}


def test_sqlite_scores_every_match_until_there_are_more_than_candidates(db, commit_callbacks, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL picks its candidates by title, heading or lead (test above)")
    first = add(commit_callbacks, "pond", body="## Pond life\n\nA zebrafish swam.\n")
    second = add(commit_callbacks, "lake", body="## Lake life\n\nA zebrafish dived.\n")
    titled = add(commit_callbacks, "zebrafish", title="Zebrafish", body="## Care\n\nA zebrafish eats.\n")
    # Fewer matches than candidates: every page is scored, and the best comes first wherever it
    # stands in the index.
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    assert paths("zebrafish")[0] == titled
    # More matches than candidates: only the first the index holds are scored, so the cost of a
    # search stops growing with the site.
    monkeypatch.setattr(backends, "CANDIDATES", 2)
    assert set(paths("zebrafish")) == {first, second}


def test_stop_words_of_a_synonym_phrase_are_not_marked(db, commit_callbacks):
    commit_callbacks(Synonym.objects.create, name="failing", terms="failing, not working")
    add(commit_callbacks, "fish", body="## Pond life\n\nThe zebrafish pump is not working.\n")
    [result] = search("zebrafish failing").results
    assert "<mark>working</mark>" in result.passage and "<mark>zebrafish</mark>" in result.passage
    assert "<mark>not</mark>" not in result.passage


def test_sections_are_ranked_from_their_stored_stems_alone():
    from search.engine import _ranked_sections

    concepts, weights = [[("zebrafish",)], [("quokka",)]], [1.0, 1.0]
    rows = [
        # pk, the page's place, page type, page id, position, heading stems, body stems
        (1, 1, "a", 1, 0, "fish", "a long section that name zebrafish and other thing too"),
        (2, 1, "a", 1, 1, "fish", "zebrafish swim"),  # the same words, fewer others: before pk 1
        (3, 1, "a", 1, 2, "quokka", "zebrafish"),  # both concepts, one in the heading: first
        (4, 1, "a", 1, 3, None, None),  # a section with no text at all: after page a's others, no error
        (5, 2, "b", 2, 0, "zebrafishes", "quokkas"),  # a stem is matched whole, never a part of one
        (6, 3, "c", 3, 1, "", "fish"),  # ties: the better page first, then the earlier section
        (7, 2, "b", 2, 1, "", "fish"),
        (8, 3, "c", 3, 0, "", "fish"),
    ]
    expected = [3, 2, 1, 4, 5, 7, 8, 6]
    assert [pk for _page, pk in _ranked_sections(rows, concepts, weights)] == expected
    # The database hands the rows over in no particular order: the ranking does not depend on it.
    for seed in range(5):
        shuffled = random.Random(seed).sample(rows, len(rows))  # noqa: S311 (test data)
        assert [pk for _page, pk in _ranked_sections(shuffled, concepts, weights)] == expected


def test_the_stems_each_section_holds_are_found_in_one_scan_of_all_sections():
    from search.engine import _holding

    texts = ["fish zebrafish", None, "", "zebrafishes", "quokka zebrafish", "a fish", "fish"]
    assert _holding({"zebrafish", "fish", "quokka", "shark"}, texts) == {
        0: {"fish", "zebrafish"},  # the first and the last stem of a section
        # 1 and 2 hold nothing; 3 holds a longer word, never a stem inside it
        4: {"quokka", "zebrafish"},
        5: {"fish"},
        6: {"fish"},  # alone, and the last section of all
    }
    # Where one section ends and the next begins, each keeps its own.
    assert _holding({"fish", "y"}, ["x fish", "fish y"]) == {0: {"fish"}, 1: {"fish", "y"}}
    assert _holding({"fish"}, []) == {}


def test_the_one_scan_finds_what_a_scan_per_section_finds():
    """Against the plain way (each stem looked for in each padded section) on random sections
    drawn from few letters, so that stems are often parts of others and sections are often empty."""
    import random

    from search.engine import _holding

    rng = random.Random(14)  # noqa: S311 (test data, not secrets)
    for _ in range(300):
        vocabulary = ["".join(rng.choices("ab", k=rng.randint(1, 4))) for _ in range(8)]
        texts = [
            " ".join(sorted(set(rng.sample(vocabulary, rng.randint(0, 5))))) if rng.random() > 0.1 else None
            for _ in range(rng.randint(0, 12))
        ]
        stems = set(rng.sample(vocabulary, 3))
        plain = {}
        for index, text in enumerate(texts):
            held = {stem for stem in stems if f" {stem} " in f" {text or ''} "}
            if held:
                plain[index] = held
        assert _holding(stems, texts) == plain, (stems, texts)


def test_the_engines_look_ups_by_key(db, commit_callbacks, django_assert_num_queries):
    add(commit_callbacks, "fish", body="## Pond life\n\nA zebrafish met a quokka.\n")
    add(commit_callbacks, "sea", body="## Sea life\n\nA zebrafish and a shark.\n")
    with django_assert_num_queries(0):
        assert backends.pages_per_word([]) == {}
        assert backends.shown_sections([]) == {}
    assert backends.pages_per_word(["zebrafish", "quokka", "narwhal"]) == {"zebrafish": 2, "quokka": 1}
    section = SearchDocument.objects.get(anchor="pond-life")
    assert backends.shown_sections([section.pk]) == {
        section.pk: [section.path, section.anchor, section.title, section.page_type, section.heading, section.body]
    }
