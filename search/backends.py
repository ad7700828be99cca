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


def _fts5_phrase(words):
    # Words hold only letters and digits (see engine.TOKEN), so quoting them is enough.
    return '"' + " ".join(words) + '"'


def _sqlite(concepts, *, now, limit):
    match = " OR ".join(
        "(" + " OR ".join(_fts5_phrase(alternative) for alternative in concept) + ")" for concept in concepts
    )
    sql = f"""
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               snippet(search_fts, 2, char(2), char(3), '…', {PASSAGE_WORDS})
        FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid
        WHERE search_fts MATCH %s AND (d.published_at IS NULL OR d.published_at <= %s)
        ORDER BY bm25(search_fts, 8.0, 4.0, 1.0), d.position
        LIMIT %s
    """  # noqa: S608 (only constants are formatted in; the query itself is a parameter)
    return _run(sql, [match, connection.ops.adapt_datetimefield_value(now), limit])


def _postgresql(concepts, *, now, limit):
    alternatives = [" ".join(words) for concept in concepts for words in concept]
    tsquery = " || ".join(["phraseto_tsquery('english', %s)"] * len(alternatives))
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={PASSAGE_WORDS}, MinWords=15, MaxFragments=1"
    sql = f"""
        SELECT d.page_type, d.page_id, d.path, d.anchor, d.title, d.heading,
               ts_headline('english', d.body, q.query, %s)
        FROM search_searchdocument d, (SELECT {tsquery} AS query) q
        WHERE d.vector @@ q.query AND (d.published_at IS NULL OR d.published_at <= %s)
        ORDER BY ts_rank('{{0.1, 0.2, 0.5, 1.0}}', d.vector, q.query, 1) DESC, d.position
        LIMIT %s
    """  # noqa: S608 (only placeholders are formatted in)
    return _run(sql, [options, *alternatives, now, limit])


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql}


def find(concepts, *, now, limit):
    if not concepts:
        return []
    try:
        backend = BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Site search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
    return backend(concepts, now=now, limit=limit)
