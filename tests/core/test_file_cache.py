"""core.cache.FileCache, the one-machine shared cache: Django's file cache without a count of
its folder on every write, still kept near MAX_ENTRIES."""

import pytest

from core import cache as file_cache
from core.cache import COUNT_EVERY, FileCache


@pytest.fixture
def folder_counts(monkeypatch):
    """How many times the cache listed its folder."""
    counts = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: counts.append(1) or original(self))
    return counts


def entries(path):
    return len(list(path.glob("*.djcache")))


def test_the_folder_is_counted_on_the_first_write_then_once_every_count_every(tmp_path, folder_counts):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10_000}})
    cache.set("first", 1)
    assert len(folder_counts) == 1
    for index in range(COUNT_EVERY * 3 - 1):
        cache.set(f"key-{index}", index)
    assert len(folder_counts) == 1 + 3  # Django's own would have counted 300 times
    assert cache.get("key-7") == 7 and entries(tmp_path) == COUNT_EVERY * 3


def test_a_full_folder_is_still_culled_back_below_max_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "COUNT_EVERY", 10)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    most = 0
    for index in range(200):
        cache.set(f"key-{index}", "x" * 100)
        most = max(most, entries(tmp_path))
    # Over the limit by at most the writes between two counts, and culled back each time.
    assert most <= 50 + 10
    assert entries(tmp_path) < 50 + 10
    assert cache.get("key-199") == "x" * 100  # the newest entry is never the one culled


def test_entries_are_compressed_at_the_fastest_level_and_read_back_by_django(tmp_path):
    import pickle
    import zlib

    from django.core.cache.backends.filebased import FileBasedCache

    cache = FileCache(str(tmp_path), {})
    page = ("<p>Plain words in a page.</p>" * 2000).encode()
    cache.set("page", {"content": page}, 60)
    assert FileBasedCache(str(tmp_path), {}).get("page") == {"content": page}
    (stored,) = tmp_path.glob("*.djcache")
    fastest = zlib.compress(pickle.dumps({"content": page}, pickle.HIGHEST_PROTOCOL), 1)
    assert stored.read_bytes().endswith(fastest)  # after the pickled expiry
    assert file_cache.ZLIB_LEVEL == 1
