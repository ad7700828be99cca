import pytest

from .content_fixture import write_content


@pytest.fixture
def content_dir(tmp_path):
    return write_content(tmp_path)


@pytest.fixture
def loaded(_loaded_snapshot, db, content_dir):
    """The five fixture treatments, loaded from `content_dir` (once per session, then copied in)."""
    _loaded_snapshot.restore()
    return content_dir
