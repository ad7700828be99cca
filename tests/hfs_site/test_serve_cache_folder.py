"""`make serve` (deploy/serve.sh) keeps its file cache in memory when it safely can."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SERVE = Path(settings.BASE_DIR) / "deploy" / "serve.sh"


def cache_url_chosen(tmp_path, memory_dir):
    """Run serve.sh with stand-ins for python and gunicorn; the DJANGO_CACHE_URL gunicorn got."""
    seen = tmp_path / "cache-url"
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text("#!/bin/sh\n")
    (venv / "gunicorn").write_text(f'#!/bin/sh\necho "$DJANGO_CACHE_URL" > {seen}\n')
    for stub in venv.iterdir():
        stub.chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "VENV": str(venv.parent),
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "HFS_MEMORY_DIR": str(memory_dir),
        "HFS_APPLY_EVERY": "0.2",
    }
    # Output to a file, not a pipe: serve.sh's timer loop would keep a pipe open after it ends.
    with (tmp_path / "serve.log").open("w") as log:
        subprocess.run(["bash", str(SERVE)], env=env, stdout=log, stderr=log, timeout=30, check=True)
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
