"""`make serve` (deploy/serve.sh) keeps its file cache in memory when it safely can."""

import os

import pytest
from django.conf import settings

from tests.serve_stubs import run_serve


def cache_url_chosen(tmp_path, memory_dir):
    """The DJANGO_CACHE_URL serve.sh hands gunicorn when its memory folder is `memory_dir`."""
    seen = tmp_path / "cache-url"
    run_serve(
        tmp_path, gunicorn=f'echo "$DJANGO_CACHE_URL" > {seen}', HFS_MEMORY_DIR=str(memory_dir), HFS_APPLY_EVERY="0.2"
    )
    return seen.read_text().strip()


@pytest.fixture
def shm(tmp_path):
    folder = tmp_path / "shm"
    folder.mkdir()
    return folder


def test_the_cache_is_kept_in_memory_in_a_folder_only_this_user_can_open(tmp_path, shm):
    url = cache_url_chosen(tmp_path, shm)
    folder = shm / f"hfs-cache-{os.getuid()}"
    assert url == f"file://{folder}"
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("made_by_someone_else", ["open folder", "link", "file"])
def test_a_folder_made_beforehand_by_anyone_else_is_not_used(tmp_path, shm, made_by_someone_else):
    folder = shm / f"hfs-cache-{os.getuid()}"
    if made_by_someone_else == "open folder":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)
    elif made_by_someone_else == "link":
        target = tmp_path / "elsewhere"
        target.mkdir(mode=0o700)
        folder.symlink_to(target)
    else:
        folder.write_text("")
    assert cache_url_chosen(tmp_path, shm) == f"file://{settings.BASE_DIR}/var/cache"


def test_without_a_memory_folder_the_cache_is_on_disk(tmp_path):
    assert cache_url_chosen(tmp_path, tmp_path / "none") == f"file://{settings.BASE_DIR}/var/cache"
