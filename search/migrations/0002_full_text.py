"""The full-text part of the index, which differs by database.

SQLite: an FTS5 table over search_searchdocument (external content, Porter stemming), kept in
step by triggers. PostgreSQL: the pg_trgm extension, a stored weighted tsvector column with a GIN
index, and a trigram index on the vocabulary for misspellings.

On SQLite a later migration that alters SearchDocument rebuilds its table and drops the
triggers: re-run these statements in that migration, then `manage.py rebuild_search_index`.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, heading, body,
        content='search_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, heading, body) VALUES (new.id, new.title, new.heading, new.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, heading, body)
        VALUES ('delete', old.id, old.title, old.heading, old.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, heading, body)
        VALUES ('delete', old.id, old.title, old.heading, old.body);
        INSERT INTO search_fts(rowid, title, heading, body) VALUES (new.id, new.title, new.heading, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(heading, '')), 'B')
        || setweight(to_tsvector('english', coalesce(body, '')), 'C')
    ) STORED""",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trigram",
    "DROP INDEX IF EXISTS search_doc_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


def forward(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
