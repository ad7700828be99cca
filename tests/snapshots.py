"""Content loaded once per test session, then copied into each test that asks for it.

`load_content` parses, validates and renders every file, which takes seconds; a test that only
reads the content should not pay for that again. A snapshot runs the real command once, copies
the rows it wrote into side tables of the test database (named `snapshot_<name>__<table>`), and
deletes them again, so every test still starts from the empty, migrated database. `restore()`
puts the rows back with one `INSERT ... SELECT` per table: a few milliseconds, inside the test's
transaction for `db` tests (rolled back afterwards), committed for `transactional_db` and
`live_server` tests (which flush every table afterwards).

The copies stay in SQL, so no value is converted on the way. Django's flush only empties the
tables of its models, so the side tables survive it. Rows are copied with their primary keys:
restore before creating rows of the same models in a test.

Under pytest-xdist on SQLite the workers share one load: `Snapshot.shared()` lets the first
worker run the command and write its side tables to a SQLite file beside the workers' temporary
folders; the others wait for that file and copy the side tables in from it (`ATTACH`), so the
command runs once per pytest session instead of once per worker.
"""

import fcntl
import json
from contextlib import contextmanager

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import AutoField


def model_tables():
    """Every table of an installed model that exists in the test database, in a stable order."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables & existing)


# The migrated schema does not change within a session (a migration test migrates back to the
# latest), and Django's SQLite introspection parses each table's SQL: 16 ms a table, 26 tables a restore.
_columns_seen = {}


def _stored_columns(cursor, table):
    """The columns a row is written with: PostgreSQL computes generated ones (the search vector) itself."""
    key = (connection.vendor, connection.settings_dict["NAME"], table)
    if key not in _columns_seen:
        _columns_seen[key] = _read_stored_columns(cursor, table)
    return _columns_seen[key]


def _read_stored_columns(cursor, table):
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND table_schema = current_schema() AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]
    return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _content_types():
    """{id: (app_label, model)} of the content types in the database now."""
    return {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}


def quote_name(name):
    return connection.ops.quote_name(name)


def _count(cursor, table):
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
    return cursor.fetchone()[0]


def _copy_back(cursor, tables, side_table):
    """INSERT ... SELECT each table's rows back from its side table, stored columns only."""
    quote = connection.ops.quote_name
    for table in tables:
        columns = ", ".join(quote(column) for column in _stored_columns(cursor, table))
        cursor.execute(f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {side_table(table)}")  # noqa: S608


def _reset_sequences(tables):
    """PostgreSQL: move each table's id sequence past the rows copied in with their ids."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@contextmanager
def _locked(path):
    """Hold an exclusive lock on `path` (a file created for the purpose) across processes."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Snapshot:
    """The rows one run of `write()` added to the database, kept to be restored on demand."""

    def __init__(self, name, write):
        self.name = name
        self.tables = []
        self.output = None
        if write is not None:
            self._take(write)

    @classmethod
    def shared(cls, name, write, folder):
        """The snapshot, taken by the first process to get here and copied by the others.

        `folder` is shared by every worker of one pytest session (and by no other session). Only
        SQLite databases are shared this way; on another database each process takes its own.
        """
        if connection.vendor != "sqlite":
            return cls(name, write)
        path = folder / f"snapshot-{name}.sqlite3"
        with _locked(folder / f"snapshot-{name}.lock"):
            if path.exists():
                snapshot = cls(name, None)
                snapshot._copy_in(path)
            else:
                snapshot = cls(name, write)
                snapshot._copy_out(path)
        return snapshot

    def side_table(self, table):
        return connection.ops.quote_name(f"snapshot_{self.name}__{table}")

    def _take(self, write):
        quote = connection.ops.quote_name
        # Generic relations (a citation's page) store content type ids; a transactional test's flush
        # recreates the content types with new ids, so restore() maps them by (app, model).
        self.content_types = _content_types()
        with connection.cursor() as cursor:
            before = {table: _count(cursor, table) for table in model_tables()}
        with transaction.atomic():
            self.output = write()
        with transaction.atomic(), connection.cursor() as cursor:
            for table, count in before.items():
                if _count(cursor, table) == count:
                    continue
                if count:
                    # Copying the whole table would also copy the rows the migrations made.
                    raise RuntimeError(f"snapshot {self.name!r}: the load also wrote to {table}, which was not empty")
                self.tables.append(table)
                cursor.execute(f"DROP TABLE IF EXISTS {self.side_table(table)}")
                cursor.execute(f"CREATE TABLE {self.side_table(table)} AS SELECT * FROM {quote(table)}")  # noqa: S608
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608

    def _copy_out(self, path):
        """Write the side tables and what restore() needs to know to a SQLite file of their own."""
        meta = {"tables": self.tables, "output": self.output, "content_types": list(self.content_types.items())}
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        with connection.cursor() as cursor:
            cursor.execute("ATTACH DATABASE %s AS shared", [str(partial)])
            try:
                cursor.execute("CREATE TABLE shared.snapshot_meta (body TEXT)")
                cursor.execute("INSERT INTO shared.snapshot_meta (body) VALUES (%s)", [json.dumps(meta)])
                for table in self.tables:
                    side = self.side_table(table)
                    cursor.execute(f"CREATE TABLE shared.{side} AS SELECT * FROM main.{side}")  # noqa: S608
            finally:
                cursor.execute("DETACH DATABASE shared")
        partial.rename(path)  # complete, or not there at all

    def _copy_in(self, path):
        """Make this database's side tables from a file another worker wrote with _copy_out()."""
        with connection.cursor() as cursor:
            cursor.execute("ATTACH DATABASE %s AS shared", [str(path)])
            try:
                cursor.execute("SELECT body FROM shared.snapshot_meta")
                meta = json.loads(cursor.fetchone()[0])
                self.tables, self.output = meta["tables"], meta["output"]
                self.content_types = {pk: tuple(key) for pk, key in meta["content_types"]}
                for table in self.tables:
                    side = self.side_table(table)
                    cursor.execute(f"DROP TABLE IF EXISTS main.{side}")
                    cursor.execute(f"CREATE TABLE main.{side} AS SELECT * FROM shared.{side}")  # noqa: S608
            finally:
                cursor.execute("DETACH DATABASE shared")
            self._advance_sqlite_sequences(cursor)

    def _advance_sqlite_sequences(self, cursor):
        """Move each table's id counter past the snapshot's ids, as the load did in the first worker.

        Without this, a worker that copied the snapshot in starts its counters at 1, so a row a
        test makes before restoring (an `admin_client` listed before `shipped_content`) takes an
        id the restore then needs: UNIQUE constraint failed, in that worker only.
        """
        primary_keys = {model._meta.db_table: model._meta.pk for model in apps.get_models(include_auto_created=True)}
        for table in self.tables:
            primary_key = primary_keys.get(table)
            if not isinstance(primary_key, AutoField):
                continue
            column = quote_name(primary_key.column)
            cursor.execute(f"SELECT MAX({column}) FROM {self.side_table(table)}")  # noqa: S608
            (top,) = cursor.fetchone()
            if top is None:
                continue
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [top, table])
            if not cursor.rowcount:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top])

    def restore(self):
        """Put the snapshot's rows back into the (empty) tables they came from."""
        with transaction.atomic(), connection.cursor() as cursor:
            _copy_back(cursor, self.tables, self.side_table)
            self._remap_content_types(cursor)
        _reset_sequences(self.tables)

    def _remap_content_types(self, cursor):
        now = {key: pk for pk, key in _content_types().items()}
        moved = {old: now[key] for old, key in self.content_types.items() if now.get(key, old) != old}
        if not moved:
            return
        for model in apps.get_models():
            if model._meta.db_table not in self.tables:
                continue
            for model_field in model._meta.concrete_fields:
                if model_field.is_relation and model_field.related_model is ContentType:
                    table, column = quote_name(model._meta.db_table), quote_name(model_field.column)
                    # One CASE so an id is never moved twice.
                    cases = " ".join(f"WHEN {old} THEN {new}" for old, new in moved.items())
                    cursor.execute(f"UPDATE {table} SET {column} = CASE {column} {cases} ELSE {column} END")  # noqa: S608


class MigratedRows:
    """The rows the migrations left (content types, permissions, the role groups), to put back after a flush.

    After each transactional test (`transactional_db`, `live_server`, every browser test) Django
    flushes every table and runs the post_migrate handlers again to recreate these rows: about a
    third of a second each time. `restore()` copies them back from side tables (`migrated__<table>`)
    in one `INSERT ... SELECT` per table instead, with the ids the migrations gave them.
    """

    def __init__(self):
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            self.tables = [table for table in model_tables() if _count(cursor, table)]
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {self.side_table(table)}")
                cursor.execute(f"CREATE TABLE {self.side_table(table)} AS SELECT * FROM {quote(table)}")  # noqa: S608

    def side_table(self, table):
        return connection.ops.quote_name(f"migrated__{table}")

    def restore(self):
        """Put the migrated rows back into the tables a flush has just emptied."""
        with transaction.atomic(), connection.cursor() as cursor:
            _copy_back(cursor, self.tables, self.side_table)
        _reset_sequences(self.tables)


def migrate_once(folder):
    """Under pytest-xdist on SQLite, the first worker migrates its test database; the others copy it.

    Each worker would otherwise run every migration itself (seconds of CPU each). This replaces
    Django's `call_command` for the one `migrate` that creates the test database (the call with
    `run_syncdb`; modules that imported `call_command` keep Django's own): the first worker to
    take the lock migrates as usual, post_migrate handlers and all, and writes the database to
    `folder` with SQLite's backup API; the others copy that file into their own database. Then
    the original `call_command` is back in place.
    """
    import sqlite3

    from django.core import management
    from django.db import DEFAULT_DB_ALIAS, connections

    original = management.call_command

    def call_command(name, *args, **options):
        if name != "migrate" or not options.get("run_syncdb"):
            return original(name, *args, **options)
        management.call_command = original
        database = connections[options.get("database") or DEFAULT_DB_ALIAS]
        path = folder / "migrated.sqlite3"
        with _locked(folder / "migrated.lock"):
            database.ensure_connection()
            if path.exists():
                source = sqlite3.connect(path)
                try:
                    source.backup(database.connection)
                finally:
                    source.close()
                return None
            result = original(name, *args, **options)
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            target = sqlite3.connect(partial)
            try:
                database.connection.backup(target)
            finally:
                target.close()
            partial.rename(path)
            return result

    management.call_command = call_command
