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


def _sqlite(concepts, *, weights, now, limit):
    # bm25 weighs each word by its rarity already; `weights` is for back ends without that.
    match = " OR ".join(
        "(" + " OR ".join(_fts5_phrase(alternative) for alternative in concept) + ")" for concept in concepts
    )
    sql = f"""
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               snippet(search_fts, 2, char(2), char(3), '…', {PASSAGE_WORDS}), d.body
        FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid
        WHERE search_fts MATCH %s AND (d.published_at IS NULL OR d.published_at <= %s)
        ORDER BY bm25(search_fts, 8.0, 4.0, 1.0), d.position
        LIMIT %s
    """  # noqa: S608 (only constants are formatted in; the query itself is a parameter)
    return _run(sql, [match, connection.ops.adapt_datetimefield_value(now), limit])


def _postgresql(concepts, *, weights, now, limit):
    # ts_rank does not weigh words by rarity, so each concept is ranked on its own and weighted.
    concept_queries = [
        "(" + " || ".join(["phraseto_tsquery('english', %s)"] * len(concept)) + ")" for concept in concepts
    ]
    concept_params = [" ".join(words) for concept in concepts for words in concept]
    rank = " + ".join(
        f"{float(weight):.6f} * ts_rank('{{0.1, 0.2, 0.5, 1.0}}', d.vector, q.c{index}, 1)"
        for index, weight in enumerate(weights)
    )
    columns = ", ".join(f"{query} AS c{index}" for index, query in enumerate(concept_queries))
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={PASSAGE_WORDS}, MinWords=15, MaxFragments=1"
    any_concept = " || ".join(f"q.c{index}" for index in range(len(concepts)))
    sql = f"""
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               ts_headline('english', d.body, {any_concept}, %s), d.body
        FROM search_searchdocument d, (SELECT {columns}) q
        WHERE d.vector @@ ({any_concept}) AND (d.published_at IS NULL OR d.published_at <= %s)
        ORDER BY {rank} DESC, d.position
        LIMIT %s
    """  # noqa: S608 (only placeholders, column names and numbers are formatted in)
    return _run(sql, [options, *concept_params, now, limit])


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql}


def find(concepts, *, weights, now, limit):
    if not concepts:
        return []
    try:
        backend = BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Site search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
    return backend(concepts, weights=weights, now=now, limit=limit)
