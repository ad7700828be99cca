"""Site search in patients' words: `search(query, limit=...)` is the one entry point.

The query is cleaned (control characters out, length and word count capped), each word the
index does not know is corrected to the closest indexed word, words and phrases are widened
with the editors' synonym groups. Then two stages: the back end for the database in use
(search.backends) ranks whole pages, and the sections of the best pages alone are ranked here,
from the stems stored with each section, to pick the anchor and the passage. Nothing about the
query is stored here (search.cache keeps results per content generation, nothing about who asked).
"""

import html
import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import accumulate, compress
from operator import or_, sub

from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.fragments import keeping_parts
from core.http import content_state

from . import backends
from .backends import PASSAGE_WORDS, START, STOP
from .documents import ARTICLE
from .models import SearchTerm, Synonym

MAX_CHARS = 200
MAX_WORDS = 8
CANDIDATE_PAGES = 2  # the sections of limit * this many best pages are ranked for the passage
TOKEN = re.compile(r"[^\W_]+")
WORD_SPLIT = re.compile(r"([^\W_]+)")  # TOKEN, kept by re.split
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """a about after again all am an and any are as at be been before being but by can could did do does
    doing for from get got had has have having he her him his how i if in into is it its just me more most
    my no nor not of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were what when
    where which while who why will with would you your yours""",
    )
)


@dataclass
class Result:
    title: str
    url: str
    kind: str
    heading: str
    passage: str

    @property
    def is_article(self):
        return self.kind == ARTICLE


@dataclass
class Outcome:
    """What a search found, and what the page should tell the reader about their query."""

    query: str = ""
    results: list = field(default_factory=list)
    corrections: list = field(default_factory=list)  # [(typed, searched for)]
    suggestions: list = field(default_factory=list)
    empty: bool = False  # nothing to search for (no query, or only punctuation)
    truncated: bool = False  # longer than MAX_CHARS
    dropped_words: list = field(default_factory=list)  # beyond MAX_WORDS
    had_control_characters: bool = False


def clean(raw):
    """The query as text we can show and search: printable, single-spaced, at most MAX_CHARS."""
    raw = unicodedata.normalize("NFKC", raw or "")
    printable = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in raw)
    had_control = any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char not in "\t\n\r"
                      for char in raw)  # fmt: skip
    text = " ".join(printable.split())
    return text[:MAX_CHARS].strip(), len(text) > MAX_CHARS, had_control


@lru_cache(maxsize=65536)
def light_stem(word):
    """Enough stemming to see that two words are forms of one (twitches, twitching, twitch)."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ies", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def edit_distance(a, b, limit):
    """Optimal-string-alignment distance (a swap of two letters counts once); limit+1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word):
    return 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3


def _candidates(words):
    """Indexed words that might be what `words` meant: one query, narrowed by the database."""
    if not words:
        return []
    shape = reduce(or_, (Q(word__startswith=word[:2]) | Q(word__endswith=word[-3:]) for word in words))
    if connection.vendor == "postgresql":
        # pg_trgm's % operator, served by the trigram index on the vocabulary.
        from django.contrib.postgres.lookups import TrigramSimilar

        shape |= reduce(or_, (Q(TrigramSimilar(F("word"), Value(word))) for word in words))
    shortest = min(len(word) for word in words) - 3
    longest = max(len(word) for word in words) + 3
    terms = SearchTerm.objects.annotate(length=Length("word")).filter(shape, length__range=(shortest, longest))
    return list(terms.values_list("word", "pages"))


def closest(word, candidates, *, slack=0):
    """The candidate nearest to `word` (fewest edits, then the most pages), or None."""
    limit = allowed_distance(word) + slack
    scored = []
    for candidate, pages in candidates:
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            scored.append((distance, -pages, candidate))
    return sorted(scored)[0][2] if scored else None


# This process's copy of the synonym groups and the content generation it was read in.
_synonyms_kept = (None, None)


def _synonym_groups():
    """The editors' synonym groups, as lists of phrases.

    Read once per content generation (core.http: a synonym change starts a new one) where parts
    are kept (core.fragments.keeping_parts), from the database on every search elsewhere."""
    global _synonyms_kept
    state = content_state() if keeping_parts() else None
    if state is not None and _synonyms_kept[0] == state["gen"]:
        return _synonyms_kept[1]
    groups = [Synonym.phrases(terms) for terms in Synonym.objects.values_list("terms", flat=True)]
    if state is not None:
        _synonyms_kept = (state["gen"], groups)  # one assignment: threads see the old pair or the new
    return groups


def _phrase_key(words):
    return tuple(light_stem(word) for word in words)


@lru_cache(maxsize=8)
def _phrase_table(groups):
    """Each synonym phrase's stems -> the phrases of its group; built once per version of the list."""
    phrases = {}
    for group in groups:
        alternatives = [tuple(TOKEN.findall(phrase)) for phrase in group]
        for alternative in alternatives:
            if alternative:
                phrases.setdefault(_phrase_key(alternative), []).extend(a for a in alternatives if a)
    return phrases, max((len(key) for key in phrases), default=1)


def concepts_for(words, groups):
    """Group the words into concepts: a synonym phrase found in the query brings its whole group."""
    phrases, longest = _phrase_table(tuple(tuple(group) for group in groups))
    concepts, index = [], 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            key = _phrase_key(words[index : index + size])
            if key in phrases:
                typed = tuple(words[index : index + size])
                concepts.append(list(dict.fromkeys([typed, *phrases[key]])))
                index += size
                break
        else:
            if words[index] not in STOP_WORDS:
                concepts.append([(words[index],)])
            index += 1
    return concepts


def rarity(words, pages_by_word):
    """A concept's weight: the fewer pages hold what the reader typed, the more a match counts."""
    pages = min((pages_by_word.get(word, 0) for word in words), default=0)
    return 1 / math.log(2 + pages)


def _stems(text):
    return {light_stem(word) for word in set(TOKEN.findall(text.lower()))}


def stems_text(text):
    """The distinct stems of `text`, space-separated: what the index stores for each section."""
    return " ".join(sorted(_stems(text)))


MARKERS = re.compile(f"[{START}{STOP}]")
MARKER_SPLIT = re.compile(f"([{START}{STOP}])")


def highlight(passage):
    """The passage as safe HTML: everything escaped, the matched words in <mark>."""
    text = html.escape(passage)  # what django.utils.html.escape does, without its lazy-string wrapper
    markers = MARKERS.findall(text)
    if markers == [START, STOP] * (len(markers) // 2):
        # As passage() writes them: each START closed by a STOP before the next.
        return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 (escaped above)
    out, inside = [], False
    # Anything else (a marker in the page's own text): unmatched markers are dropped.
    for piece in MARKER_SPLIT.split(text):
        if piece == START:
            if not inside:
                out.append("<mark>")
            inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
            inside = False
        else:
            out.append(piece)
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text above is escaped)


def _meaningful_words(text):
    words = [word.lower() for word in TOKEN.findall(text)]
    meaningful = [word for word in dict.fromkeys(words) if word not in STOP_WORDS]
    # Only stop words ("how is it") still deserve a search; only punctuation does not.
    return meaningful or list(dict.fromkeys(words))


def _corrected(kept, unknown, candidates, outcome):
    """The searched words with each unknown one replaced by the closest indexed word (noted on outcome)."""
    corrected = []
    for word in kept:
        replacement = None
        if word in unknown:
            stem = light_stem(word)
            if not any(light_stem(candidate) == stem for candidate, _pages in candidates):
                replacement = closest(word, candidates)
        if replacement and replacement != word:
            outcome.corrections.append((word, replacement))
        corrected.append(replacement or word)
    return corrected


def _ranked_sections(rows, concepts, weights):
    """The sections (rows of backends.top_pages, in any order) as (page, section id), ordered by
    how many of the reader's concepts they hold, rarer ones and those in the title or heading
    counting more; ties go to the better page, then to the section holding more of the searched
    words for its length, then to the earlier section. Reads each section's stored stems, not its
    text."""
    # Each concept as (weight, its one-word alternatives' stems, its phrases' stem sets): a set
    # operation in C for the single words, which are most alternatives (this runs for every
    # section of the best pages).
    wanted = []
    for concept, weight in zip(concepts, weights, strict=True):
        keys = [frozenset(_phrase_key(words)) for words in concept]
        single = frozenset(stem for key in keys if len(key) == 1 for stem in key)
        wanted.append((weight, single, [key for key in keys if len(key) > 1]))
    searched = _searched_stems(concepts)
    in_headings = _holding(searched, [row[5] for row in rows])
    in_bodies = _holding(searched, [row[6] for row in rows])
    scored = []
    for index, (pk, place, page_type, page_id, position, _heading_stems, body_stems) in enumerate(rows):
        in_heading, in_body = in_headings.get(index, NO_STEMS), in_bodies.get(index, NO_STEMS)
        body_size = body_stems.count(" ") + 1 if body_stems else 0  # distinct stems in the section
        total = 0.0
        if in_heading or in_body:
            for weight, single, phrases in wanted:
                # (Most concepts have no phrase: no generator is made for them.)
                if not single.isdisjoint(in_heading) or (phrases and any(key <= in_heading for key in phrases)):
                    total += 2 * weight
                elif not single.isdisjoint(in_body) or (phrases and any(key <= in_body for key in phrases)):
                    total += weight
        scored.append(((-total, place, -len(in_body), body_size, position), (page_type, page_id), pk))
    scored.sort(key=lambda item: item[0])
    return [(page, pk) for _key, page, pk in scored]


def _searched_stems(concepts):
    return {light_stem(word) for concept in concepts for words in concept for word in words}


NO_STEMS = frozenset()


def _holding(stems, texts):
    """{index: the `stems` found in texts[index]} for the texts that hold any, each text being a
    section's stored stems (stems_text: distinct, space-separated) or None.

    All the texts are searched at once, joined with two spaces: one scan per searched stem for
    every section of the best pages, instead of a scan per stem and per section (most sections
    hold none of the few searched stems)."""
    texts = [text or "" for text in texts]
    joined = " " + "  ".join(texts) + " "
    starts = list(accumulate(map((2).__add__, map(len, texts)), initial=1))  # where each text begins
    found = {}
    for stem in stems:
        needle = f" {stem} "
        at = joined.find(needle)
        while at != -1:
            found.setdefault(bisect_right(starts, at + 1) - 1, set()).add(stem)
            at = joined.find(needle, at + 1)
    return found


@lru_cache(maxsize=65536)
def _stem_of_token(token):
    """light_stem of a word as written in a page (any case): one cache look-up per distinct word."""
    return light_stem(token.lower())


def passage(body, stems, *, words=PASSAGE_WORDS):
    """The `words`-word stretch of `body` holding the most searched words, those words between
    START and STOP, with an ellipsis where the text was cut."""
    # One regex pass (split keeps the words at the odd places, what lies between them at the even
    # ones); per token only what C does fast, the stemming per distinct word (this runs for every
    # result of every search).
    pieces = WORD_SPLIT.split(body)
    tokens = pieces[1::2]
    if not tokens:
        return body[:300]
    distinct = list(set(tokens))
    hits = set(compress(distinct, map(stems.__contains__, map(_stem_of_token, distinct))))
    marked = list(map(hits.__contains__, tokens)) if hits else None
    start = 0
    if marked and len(tokens) > words:
        # The marked words in each window of `words` tokens, from running totals; the first of
        # the fullest windows wins.
        totals = list(accumulate(marked, initial=0))
        in_window = list(map(sub, totals[words:], totals))
        start = in_window.index(max(in_window))
    end = min(len(tokens), start + words)
    # Token i is pieces[2i + 1] and what follows it pieces[2i + 2]: the window's words with what
    # lies between them, and the end of the text when the window reaches it. Only the marked
    # words are then touched.
    out = pieces[2 * start + 1 : 2 * end + (end == len(tokens))]
    if marked:
        for index in range(start, end):
            if marked[index]:
                at = 2 * (index - start)
                out[at] = START + out[at] + STOP
    return ("…" if start else pieces[0]) + "".join(out) + ("…" if end < len(tokens) else "")


def _one_result_per_page(sections, concepts, limit):
    chosen = {}
    for page, pk in sections:
        if page not in chosen:
            chosen[page] = pk
            if len(chosen) == limit:
                break
    rows = backends.shown_sections(list(chosen.values()))
    # Stop words inside a synonym phrase ("not working") help find a section but are not marked.
    stems = {stem for stem in _searched_stems(concepts) if stem not in STOP_WORDS}
    results = []
    for pk in chosen.values():
        path, anchor, title, page_type, heading, body = rows[pk]
        url = f"{path}#{anchor}" if anchor else path
        results.append(Result(title, url, page_type, heading, highlight(passage(body, stems))))
    return results


def search(query, *, limit=10, now=None, cleaned=None):
    """Search the public pages; returns an Outcome with at most `limit` pages, best first.

    `cleaned`: clean(query), when the caller has it already."""
    text, truncated, had_control = cleaned or clean(query)
    outcome = Outcome(query=text, truncated=truncated, had_control_characters=had_control)
    meaningful = _meaningful_words(text)
    if not meaningful:
        outcome.empty = True
        return outcome
    kept, outcome.dropped_words = meaningful[:MAX_WORDS], meaningful[MAX_WORDS:]

    groups = _synonym_groups()
    synonym_words = {word for group in groups for phrase in group for word in TOKEN.findall(phrase)}
    indexed = backends.pages_per_word(kept)
    unknown = [w for w in kept if w not in indexed and w not in synonym_words and not w.isdigit() and len(w) >= 3]
    candidates = _candidates(unknown)
    corrected = _corrected(kept, unknown, candidates, outcome)

    concepts = concepts_for(corrected, groups)
    for word, count in candidates:
        indexed.setdefault(word, count)
    weights = [rarity(concept[0], indexed) for concept in concepts]
    # Two stages: the database ranks whole pages (1,800 rows at 100 times today's content, not
    # 25,000 sections), then the sections of the best pages alone are ranked here to pick the
    # passage and the anchor.
    now = now or timezone.now()
    rows = backends.top_pages(concepts, weights=weights, now=now, limit=limit * CANDIDATE_PAGES)
    outcome.results = _one_result_per_page(_ranked_sections(rows, concepts, weights), concepts, limit)

    if not outcome.results:
        # Words the index knows would have found something, so the unknown ones need suggestions.
        suggestions = (closest(word, candidates, slack=1) for word in unknown)
        outcome.suggestions = [s for s in dict.fromkeys(suggestions) if s and s not in corrected][:5]
    return outcome
