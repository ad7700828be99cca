"""The two full-text back ends behind search.engine.search: SQLite FTS5 and PostgreSQL.

Each takes the query as concepts (a concept is a list of alternative phrases, each a tuple of
words: what the reader typed and its synonyms), ranks whole pages (search.models.SearchPage: the
first of the engine's two stages) and returns the sections of the best pages with their stored
stems, for the engine to rank (the second stage). The engine marks the matched words of the
passage it shows between the markers START and STOP.
"""

from django.db import connection

from .models import SearchDocument, SearchTerm

START, STOP = "\x02", "\x03"
PASSAGE_WORDS = 32
CANDIDATES = 100  # each back end ranks at most this many matching pages (see _sqlite_pages, _postgresql_pages)


def _fts5_phrase(words):
    # Words hold only letters and digits (see engine.TOKEN), so quoting them is enough.
    return '"' + " ".join(words) + '"'


def _sqlite_pages(concepts, *, weights, now, limit):
    match = " OR ".join(
        "(" + " OR ".join(_fts5_phrase(alternative) for alternative in concept) + ")" for concept in concepts
    )
    # bm25 over the page rows (title, headings, lead, body, weighted in that order) reads only the
    # full-text index; the page's own row is read for the top `limit` alone. bm25 costs a look-up
    # per matching page, so at most CANDIDATES pages are scored: the first that match in the
    # index's own order (it hands them out by rowid and stops there). Every page is scored while
    # fewer match, which is every search of today's site; bm25's word rarity is the whole index's.
    sql = f"""
        WITH candidates AS (
            SELECT rowid AS id, bm25(search_page_fts, 8.0, 4.0, 2.0, 1.0) AS score FROM search_page_fts
            WHERE search_page_fts MATCH %s
              AND rowid NOT IN (SELECT id FROM search_searchpage WHERE published_at > %s)
            LIMIT %s
        ),
        top AS (SELECT id, score FROM candidates ORDER BY score, id LIMIT %s),
        places AS (SELECT id, row_number() OVER (ORDER BY score, id) AS place FROM top)
        SELECT {SECTION_COLUMNS} FROM places
        JOIN search_searchpage p ON p.id = places.id
        JOIN search_searchdocument d ON d.page_type = p.page_type AND d.page_id = p.page_id
    """  # noqa: S608 (only constants are formatted in; the query itself is a parameter)
    return _rows(sql, [match, connection.ops.adapt_datetimefield_value(now), CANDIDATES, limit])


def _postgresql_pages(concepts, *, weights, now, limit):
    one_query = "phraseto_tsquery('english', %s)"
    concept_params = [" ".join(words) for concept in concepts for words in concept]
    concept_queries = ["(" + " || ".join([one_query] * len(concept)) + ")" for concept in concepts]

    # ts_rank does not weigh words by rarity, so each concept is ranked on its own and weighted.
    def rank(vector):
        return " + ".join(
            f"{float(weight):.6f} * ts_rank('{{0.1, 0.2, 0.4, 1.0}}', {vector}, q.c{index}, 1)"
            for index, weight in enumerate(weights)
        )

    def matches(vector):  # far cheaper than ts_rank: which concepts the vector holds, weighted
        return " + ".join(
            f"{float(weight):.6f} * ({vector} @@ q.c{index})::int" for index, weight in enumerate(weights)
        )

    columns = ", ".join(f"{query} AS c{index}" for index, query in enumerate(concept_queries))
    any_concept = " || ".join(f"q.c{index}" for index in range(len(concepts)))
    public = "(p.published_at IS NULL OR p.published_at <= %(now)s)"
    # Ranking a page's whole vector reads (de-TOASTs) all of it, so it is done for a bounded set of
    # candidates: the pages whose title, headings or lead hold the words, those holding more of the
    # reader's concepts (rarer ones counting more) first. Only when those are fewer than CANDIDATES
    # are the pages holding the words in their body alone added (PostgreSQL skips that scan
    # entirely otherwise).
    sql = f"""
        WITH q AS MATERIALIZED (SELECT {columns}),
        heads AS MATERIALIZED (
            SELECT p.id FROM search_searchpage p, q
            WHERE p.head_vector @@ ({any_concept}) AND {public}
            ORDER BY {matches("p.head_vector")} DESC, p.id
            LIMIT %(candidates)s
        ),
        candidates AS (
            SELECT id FROM heads
            UNION
            SELECT p.id FROM search_searchpage p, q
            WHERE (SELECT count(*) FROM heads) < %(candidates)s
              AND p.vector @@ ({any_concept}) AND {public}
        ),
        top AS MATERIALIZED (
            SELECT p.id, p.page_type, p.page_id, {rank("p.vector")} AS score
            FROM candidates c JOIN search_searchpage p ON p.id = c.id, q
            ORDER BY score DESC, p.id
            LIMIT %(limit)s
        ),
        places AS (SELECT id, row_number() OVER (ORDER BY score DESC, id) AS place FROM top)
        SELECT {SECTION_COLUMNS} FROM top
        JOIN places ON places.id = top.id
        JOIN search_searchdocument d ON d.page_type = top.page_type AND d.page_id = top.page_id
    """  # noqa: S608 (only placeholders, column names and numbers are formatted in)
    params = {f"p{index}": value for index, value in enumerate(concept_params)}
    sql = _numbered(sql, len(concept_params))
    return _rows(sql, {**params, "now": now, "limit": limit, "candidates": CANDIDATES})


def _numbered(sql, count):
    """The statement with its positional %s (the concept phrases, in order) named %(p0)s, %(p1)s..."""
    for index in range(count):
        sql = sql.replace("%s", f"%(p{index})s", 1)
    return sql


# What the second stage reads of each section of the best pages: its page's place (1 for the
# best), its stored stems, not its text. In no order: the engine sorts them anyway, and sorting
# these rows with their stems in the database cost a quarter of the query (0.16 of 0.60 ms at 1x,
# 0.28 of 0.90 ms at 100x, measured on SQLite).
SECTION_COLUMNS = "d.id, places.place, d.page_type, d.page_id, d.position, d.heading_stems, d.body_stems"


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


PAGE_BACKENDS = {"sqlite": _sqlite_pages, "postgresql": _postgresql_pages}


def top_pages(concepts, *, weights, now, limit):
    """The sections of the `limit` best public pages for the concepts, in no order, as
    (id, place, page_type, page_id, position, heading_stems, body_stems) rows, `place` being their
    page's place in the ranking (1 for the best)."""
    if not concepts:
        return []
    try:
        backend = PAGE_BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Site search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
    return backend(concepts, weights=weights, now=now, limit=limit)


# The engine's two look-ups by key, in plain SQL: Django's query building cost several times the
# queries themselves (0.15 and 0.23 ms of CPU against 0.02 and 0.04 ms, measured at 100x), and
# they run on every search.


def _rows_by_key(model, columns, key, values):
    """The `columns` of the rows of `model` whose `key` is one of `values` (none asked: no query)."""
    if not values:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(values))
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {key} IN ({placeholders})"  # noqa: S608 (names are constants)
    return _rows(sql, list(values))


def pages_per_word(words):
    """{word: how many pages hold it} for those of `words` the index knows (search.models.SearchTerm)."""
    return dict(_rows_by_key(SearchTerm, ("word", "pages"), "word", words))


def shown_sections(ids):
    """{id: [path, anchor, title, page_type, heading, body]} of the sections (search.models.SearchDocument) to show."""
    columns = ("id", "path", "anchor", "title", "page_type", "heading", "body")
    return {pk: values for pk, *values in _rows_by_key(SearchDocument, columns, "id", ids)}
