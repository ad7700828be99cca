import pytest

from .content_fixture import write_content


@pytest.fixture
def content_dir(tmp_path):
    return write_content(tmp_path)


@pytest.fixture
def loaded(five_treatments, content_dir):
    """The five fixture treatments (once per session, then copied in), and their files in `content_dir`."""
    return content_dir
