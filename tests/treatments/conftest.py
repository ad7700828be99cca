import pytest

from .content_fixture import load, write_content


@pytest.fixture
def content_dir(tmp_path):
    return write_content(tmp_path)


@pytest.fixture
def loaded(db, content_dir):
    """The five fixture treatments, loaded."""
    load(content_dir)
    return content_dir
