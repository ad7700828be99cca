"""core.release: pages, page parts and search results kept in the shared cache never outlive the
release that rendered them (an upgrade may change templates and remove old static files)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import fragments, http, release
from search import cache as search_cache
from tests.factories import make_article


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_fingerprint_follows_the_source_files_and_nothing_else(tmp_path):
    _tree(tmp_path, {"app/views.py": "x = 1", "templates/page.html": "<p>old</p>", "requirements.txt": "Django==5.2"})
    first = release.fingerprint(tmp_path)
    assert release.fingerprint(tmp_path) == first  # stable
    # Tests, tooling, data, generated files and hidden folders are not the code that renders pages.
    _tree(tmp_path, {"tests/test_x.py": "y", "deploy/x.sh": "z", ".git/x.py": "w", "staticfiles/a.css": "b"})
    _tree(tmp_path, {"media/a.svg": "<svg/>", "app/__pycache__/v.py": "c", "app/notes.md": "not a source file"})
    assert release.fingerprint(tmp_path) == first
    for change in [{"templates/page.html": "<p>new</p>"}, {"requirements.txt": "Django==5.2.1"}, {"app/new.css": "a"}]:
        _tree(tmp_path, change)
        changed = release.fingerprint(tmp_path)
        assert changed != first, change
        first = changed


def test_the_operator_can_name_the_release(settings):
    release.release.cache_clear()
    try:
        settings.RELEASE = "2026.12.1"
        assert release.release() == "2026.12.1"
        settings.RELEASE = ""
        release.release.cache_clear()
        assert release.release() == release.fingerprint(settings.BASE_DIR)
    finally:
        release.release.cache_clear()


@pytest.fixture
def next_release(monkeypatch):
    """Switch this process to another release, as an upgrade does (the cache keeps its entries)."""

    def switch():
        for module in (http, fragments, search_cache):
            monkeypatch.setattr(module, "release", lambda: "the-next-release")
        http.local_pages.clear()  # a new process starts with no local copies

    return switch


@pytest.mark.usefixtures("page_cache")
def test_a_page_kept_by_one_release_is_rendered_again_by_the_next(db, next_release):
    url = make_article(title="Kept words").get_absolute_url()
    assert Client().get(url).status_code == 200
    with CaptureQueriesContext(connection) as same_release:
        Client().get(url)
    next_release()
    with CaptureQueriesContext(connection) as after_upgrade:
        again = Client().get(url)
    assert len(same_release) == 0
    assert len(after_upgrade) > 0, "the page kept by the old release was served"
    assert "Kept words" in again.content.decode()


@pytest.mark.usefixtures("parts_kept")
def test_a_part_kept_by_one_release_is_not_read_by_the_next(db, next_release):
    calls = []

    def render():
        calls.append(1)
        return "<p>part</p>"

    request = type("Request", (), {"method": "GET", "COOKIES": {}, "get_host": lambda self: "testserver"})()
    for _ in range(2):
        fragments.cached_fragment(request, ("part",), render)
    next_release()
    fragments.cached_fragment(request, ("part",), render)
    assert calls == [1, 1]
