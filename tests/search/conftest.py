import pytest

from search.indexing import rebuild


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks):
    """Run the index updates that wait for the commit (tests never commit), as a real save does."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def indexed_site(shipped_content):
    """The shipped content, loaded and indexed."""
    rebuild()
