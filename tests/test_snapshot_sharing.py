"""tests/snapshots.py: xdist workers on SQLite share one load through a file instead of each loading."""

import pytest
from django.db import connection

from references.models import Reference
from tests.snapshots import Snapshot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite databases share a load"),
]


def _write_two_references():
    Reference.objects.create(key="first2001", title="First", authors="A", year=2001, url="https://example.org/1")
    Reference.objects.create(key="second2002", title="Second", authors="B", year=2002, url="https://example.org/2")
    return "two written"


def _side_tables():
    return {name for name in connection.introspection.table_names() if name.startswith("snapshot_shared_test__")}


def _drop_side_tables():
    with connection.cursor() as cursor:
        for name in _side_tables():
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(name)}")


def test_the_first_worker_loads_and_writes_the_file_the_second_copies_from_it(tmp_path):
    calls = []

    def write():
        calls.append(1)
        return _write_two_references()

    first = Snapshot.shared("shared_test", write, tmp_path)
    assert calls == [1]
    assert (tmp_path / "snapshot-shared_test.sqlite3").exists()
    assert not (tmp_path / "snapshot-shared_test.partial").exists()
    assert Reference.objects.count() == 0  # taken, then removed again

    # Another worker has a database of its own: here, the same one without the side tables.
    _drop_side_tables()
    second = Snapshot.shared("shared_test", write, tmp_path)
    assert calls == [1], "the second worker must not run the load again"
    assert second.output == first.output == "two written"
    assert second.tables == first.tables
    assert second.content_types == first.content_types
    second.restore()
    assert sorted(Reference.objects.values_list("key", "year")) == [("first2001", 2001), ("second2002", 2002)]
    _drop_side_tables()


def test_without_the_file_each_worker_writes_its_own(tmp_path):
    first = Snapshot.shared("shared_test", _write_two_references, tmp_path)
    _drop_side_tables()
    (tmp_path / "snapshot-shared_test.sqlite3").unlink()
    second = Snapshot.shared("shared_test", _write_two_references, tmp_path)
    assert second.output == first.output
    second.restore()
    assert Reference.objects.count() == 2
    _drop_side_tables()


def test_a_worker_that_copied_the_load_gives_new_rows_ids_the_restore_does_not_need(tmp_path):
    Snapshot.shared("shared_test", _write_two_references, tmp_path)
    # Another worker: no side tables, and its id counter never moved (it did not run the load).
    _drop_side_tables()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [Reference._meta.db_table])
    second = Snapshot.shared("shared_test", _write_two_references, tmp_path)

    made_first = Reference.objects.create(
        key="third2003", title="Third", authors="C", year=2003, url="https://example.org/3", number=1000
    )
    second.restore()  # the new row must not have taken an id the restore puts back

    assert sorted(Reference.objects.values_list("key", flat=True)) == ["first2001", "second2002", "third2003"]
    assert made_first.pk > max(Reference.objects.exclude(pk=made_first.pk).values_list("pk", flat=True))
    _drop_side_tables()
