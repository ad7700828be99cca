import pytest

from tests.snapshots import Snapshot

from .content_fixture import load, write_content


@pytest.fixture
def content_dir(tmp_path):
    return write_content(tmp_path)


@pytest.fixture(scope="session")
def _loaded_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = write_content(tmp_path_factory.mktemp("treatments-content"))
    with django_db_blocker.unblock():
        return Snapshot("five_treatments", lambda: load(folder))


@pytest.fixture
def loaded(_loaded_snapshot, db, content_dir):
    """The five fixture treatments, loaded from `content_dir` (once per session, then copied in)."""
    _loaded_snapshot.restore()
    return content_dir
