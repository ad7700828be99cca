"""The two full-text back ends behind search.engine.search: SQLite FTS5 and PostgreSQL.

Each takes the query as concepts (a concept is a list of alternative phrases, each a tuple of
words: what the reader typed and its synonyms) and returns the best-ranked sections, with a
passage in which the matched words sit between the markers START and STOP.
"""

from dataclasses import dataclass

from django.db import connection

START, STOP = "\x02", "\x03"
PASSAGE_WORDS = 32


@dataclass
class Hit:
    page_type: str
    page_id: int
    path: str
    anchor: str
    title: str
    heading: str
    passage: str
    body: str


def _fts5_phrase(words):
    # Words hold only letters and digits (see engine.TOKEN), so quoting them is enough.
    return '"' + " ".join(words) + '"'


def _pairs(items):
    return [(first, second) for index, first in enumerate(items) for second in items[index + 1 :]]


def _sqlite(concepts, *, weights, now, limit, headings_only, two_or_more):
    # bm25 weighs each word by its rarity already; `weights` is for back ends without that.
    each = ["(" + " OR ".join(_fts5_phrase(alternative) for alternative in concept) + ")" for concept in concepts]
    if two_or_more:
        match = " OR ".join(f"({first} AND {second})" for first, second in _pairs(each))
    else:
        match = " OR ".join(each)
    if headings_only:
        match = "{title heading} : (" + match + ")"
    # Ranking reads only the full-text index (the not-yet-published sections come from an index on
    # published_at); the passage and the section's row are fetched for the top `limit` alone, which
    # keeps a common word on thousands of sections from costing a snippet and a body each.
    sql = f"""
        WITH top AS (
            SELECT rowid AS id, bm25(search_fts, 8.0, 4.0, 1.0) AS score FROM search_fts
            WHERE search_fts MATCH %s
              AND rowid NOT IN (SELECT id FROM search_searchdocument WHERE published_at > %s)
            ORDER BY score, rowid
            LIMIT %s
        )
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               snippet(search_fts, 2, char(2), char(3), '…', {PASSAGE_WORDS}), d.body
        FROM top
        CROSS JOIN search_fts ON search_fts.rowid = top.id
        JOIN search_searchdocument d ON d.id = top.id
        WHERE search_fts MATCH %s
        ORDER BY top.score, d.position
    """  # noqa: S608 (only constants are formatted in; the query itself is a parameter)
    return _run(sql, [match, connection.ops.adapt_datetimefield_value(now), limit, match])


def _postgresql(concepts, *, weights, now, limit, headings_only, two_or_more):
    if headings_only:
        raise NotImplementedError("PostgreSQL searches titles and headings only by reading every vector.")
    # ts_rank does not weigh words by rarity, so each concept is ranked on its own and weighted.
    one_query = "phraseto_tsquery('english', %s)"
    concept_params = [" ".join(words) for concept in concepts for words in concept]
    concept_queries = ["(" + " || ".join([one_query] * len(concept)) + ")" for concept in concepts]
    rank = " + ".join(
        f"{float(weight):.6f} * ts_rank('{{0.1, 0.2, 0.5, 1.0}}', d.vector, q.c{index}, 1)"
        for index, weight in enumerate(weights)
    )
    columns = ", ".join(f"{query} AS c{index}" for index, query in enumerate(concept_queries))
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={PASSAGE_WORDS}, MinWords=15, MaxFragments=1"
    names = [f"q.c{index}" for index in range(len(concepts))]
    if two_or_more:
        any_concept = " || ".join(f"({first} && {second})" for first, second in _pairs(names))
    else:
        any_concept = " || ".join(names)
    # The passage (ts_headline re-reads and re-parses the whole body) is made for the top `limit`
    # sections only, after ranking. The queries stay in plain subqueries, not a CTE, so that they
    # are built once when the statement is planned rather than for every row.
    queries = f"(SELECT {columns}) q"
    sql = f"""
        WITH top AS MATERIALIZED (
            SELECT d.id, {rank} AS score, d.position FROM search_searchdocument d, {queries}
            WHERE d.vector @@ ({any_concept}) AND (d.published_at IS NULL OR d.published_at <= %s)
            ORDER BY score DESC, d.position, d.id
            LIMIT %s
        )
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               ts_headline('english', d.body, {any_concept}, %s), d.body
        FROM top JOIN search_searchdocument d ON d.id = top.id, {queries}
        ORDER BY top.score DESC, top.position, top.id
    """  # noqa: S608 (only placeholders, column names and numbers are formatted in)
    return _run(sql, [*concept_params, now, limit, options, *concept_params])


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql}


def can_search_headings():
    """Whether find(headings_only=True) is cheaper than searching everything on this database."""
    return connection.vendor == "sqlite"


def find(concepts, *, weights, now, limit, headings_only=False, two_or_more=False):
    """The best `limit` sections for the concepts; with headings_only, only those whose page title
    or section heading holds one of them; with two_or_more, only those that hold two or more."""
    if not concepts:
        return []
    try:
        backend = BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Site search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
    return backend(
        concepts, weights=weights, now=now, limit=limit, headings_only=headings_only, two_or_more=two_or_more
    )
