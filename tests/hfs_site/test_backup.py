"""export_content / import_content: every editor-made row and file survives a round trip.

SQLite -> SQLite always; SQLite -> PostgreSQL -> SQLite when DATABASE_URL names a PostgreSQL
server (the `make test-postgres` run of CI), in a database of its own created and dropped here.
"""

import fcntl
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings

MAKE_CONTENT = """
import io, pathlib, tempfile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from articles.models import ArticleImage
from editorial.models import ReviewerProfile
from handouts.models import Handout, new_code
from tests.factories import make_article, make_reference, make_user
from tests.treatments.content_fixture import load, write_content
from treatments.models import Treatment

load(write_content(pathlib.Path(tempfile.mkdtemp())))
make_reference(key="smith2020")
article = make_article(title="Backed up", slug="backed-up", body="## Part\\n\\nWords [@smith2020].\\n")
article.title = "Backed up, edited"
article.save()  # a second history row
reviewer = make_user("dr-who", staff=True)
ReviewerProfile.objects.create(user=reviewer, full_name="Dr Who", credentials="Neurologist")
buffer = io.BytesIO()
Image.new("RGB", (320, 200), (200, 80, 40)).save(buffer, "PNG")
ArticleImage.objects.create(
    slug="nerve", image=SimpleUploadedFile("nerve.png", buffer.getvalue(), content_type="image/png"),
    alt_text="A drawing of the facial nerve",
)
handout = Handout.objects.create(code=new_code(), note="Read these first.")
handout.articles.set([article])
handout.treatments.set(Treatment.objects.all()[:2])
"""


def manage(database_url, media, *args):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def contents(archive):
    with tarfile.open(archive) as tar:
        # Django's JSON keeps times to the millisecond: 09:39:42.000 and 09:39:42 are one time.
        text = re.sub(r"(\d\d:\d\d:\d\d)\.000(?=Z|[+-]\d\d:\d\d)", r"\1", tar.extractfile("data.json").read().decode())
        data = json.loads(text)
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.name.startswith("media/")}
    return data, files


@pytest.fixture
def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("no PostgreSQL server (make test-postgres runs this leg)")
    import psycopg

    name = f"hfs_backup_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _migrate(url, media, tmp_path):
    """`migrate` on an empty database; for SQLite, a copy of the one the module migrated once."""
    if url.startswith("sqlite:///"):
        shutil.copy(tmp_path / "empty.sqlite3", url.removeprefix("sqlite:///"))
    else:
        manage(url, media, "migrate", "--noinput", "-v0")


def _round_trip(tmp_path, source_url, target_url):
    first, second = tmp_path / "first.tar.gz", tmp_path / "second.tar.gz"
    manage(source_url, tmp_path / "media-a", "export_content", str(first))
    _migrate(target_url, tmp_path / "media-b", tmp_path)
    manage(target_url, tmp_path / "media-b", "import_content", str(first))
    manage(target_url, tmp_path / "media-b", "export_content", str(second))
    return contents(first), contents(second)


@pytest.fixture(scope="module")
def _made_once(tmp_path_factory):
    """A migrated empty SQLite database, and one holding MAKE_CONTENT with its media: made once per run.

    Under pytest-xdist the first worker to get here makes them in a folder of the session's; the others
    wait for it and use them too (each test copies what it uses).
    """
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else None
    root = shared or tmp_path_factory.getbasetemp()
    folder = root / "backup-made-once"
    with open(root / "backup-made-once.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            url = f"sqlite:///{folder / 'a.sqlite3'}"
            manage(url, folder / "media-a", "migrate", "--noinput", "-v0")
            shutil.copy(folder / "a.sqlite3", folder / "empty.sqlite3")
            manage(url, folder / "media-a", "shell", "-c", MAKE_CONTENT)
            (folder / "done").touch()
    return folder


@pytest.fixture
def source(tmp_path, _made_once):
    """This test's own copy of the source database and its media (a test may change them)."""
    for name in ["a.sqlite3", "empty.sqlite3"]:
        shutil.copy(_made_once / name, tmp_path / name)
    shutil.copytree(_made_once / "media-a", tmp_path / "media-a")
    return f"sqlite:///{tmp_path / 'a.sqlite3'}"


def _models(data):
    return {row["model"] for row in data}


def test_everything_comes_back_sqlite_to_sqlite(tmp_path, source):
    (data, files), (again, files_again) = _round_trip(tmp_path, source, f"sqlite:///{tmp_path / 'b.sqlite3'}")
    for model in [
        "articles.article",
        "articles.historicalarticle",
        "references.reference",
        "articles.articleimage",
        "treatments.treatment",
        "treatments.aspect",
        "treatments.answer",
        "handouts.handout",
        "editorial.reviewerprofile",
        "auth.user",
    ]:
        assert model in _models(data), model
    assert any(name.endswith(".png") for name in files)
    assert again == data
    assert files_again == files


def test_import_refuses_to_mix_with_existing_content(tmp_path, source):
    archive = tmp_path / "backup.tar.gz"
    manage(source, tmp_path / "media-a", "export_content", str(archive))
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_DEBUG": "1", "DATABASE_URL": source}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_content", str(archive)],
        cwd=settings.BASE_DIR,
        env={**env, "MEDIA_ROOT": str(tmp_path / "media-a")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert "already holds content" in result.stderr
    manage(source, tmp_path / "media-a", "import_content", "--replace", str(archive))


def test_everything_comes_back_sqlite_to_postgresql_and_back(tmp_path, postgres_url, source):
    (data, files), (on_postgres, pg_files) = _round_trip(tmp_path, source, postgres_url)
    assert on_postgres == data
    assert pg_files == files
    back = tmp_path / "back.tar.gz"
    final = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    _migrate(final, tmp_path / "media-c", tmp_path)
    manage(final, tmp_path / "media-c", "import_content", str(tmp_path / "second.tar.gz"))
    manage(final, tmp_path / "media-c", "export_content", str(back))
    assert contents(back) == (data, files)


def test_an_archive_gives_its_plain_files_only(tmp_path):
    """A crafted archive cannot write outside the folder, leave links, or keep its own owners and modes."""
    from core.backup import extract_archive

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:

        def add(name, data=b"x", **fields):
            info = tarfile.TarInfo(name)
            info.size = len(data) if fields.get("type", tarfile.REGTYPE) == tarfile.REGTYPE else 0
            for field, value in fields.items():
                setattr(info, field, value)
            tar.addfile(info, io.BytesIO(data) if info.size else None)

        add("data.json", b"[]", mode=0o4777, uid=1234, gid=1234)  # kept, without its mode or owner
        add("media", type=tarfile.DIRTYPE, mode=0o755)
        add("media/nerve.png", b"png")
        add("../escaped.txt")
        add("/absolute.txt")
        add("media/link", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        add("media/hard", type=tarfile.LNKTYPE, linkname="data.json")
        add("device", type=tarfile.CHRTYPE)
    buffer.seek(0)
    root = tmp_path / "out"
    root.mkdir()
    with tarfile.open(fileobj=buffer, mode="r:gz") as tar:
        assert extract_archive(tar, root) == 2

    written = sorted(str(path.relative_to(root)) for path in root.rglob("*"))
    assert written == ["data.json", "media", "media/nerve.png"]
    assert (root / "data.json").read_bytes() == b"[]"
    stat = (root / "data.json").stat()
    assert not stat.st_mode & 0o7000 and stat.st_uid == os.getuid()
    assert not (tmp_path / "escaped.txt").exists()


def _crafted(path, names):
    with tarfile.open(path, mode="w:gz") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["not an archive", "cut short", "a file where a folder is", "missing"])
def test_an_unreadable_archive_is_refused_with_a_message_and_no_traceback(tmp_path, kind):
    from django.core.management import CommandError, call_command

    archive = tmp_path / "backup.tar.gz"
    if kind == "not an archive":
        archive.write_text("hello, I am a text file")
    elif kind == "cut short":
        _crafted(archive, ["data.json", "media/nerve.png"])
        archive.write_bytes(archive.read_bytes()[:40])
    elif kind == "a file where a folder is":
        _crafted(archive, ["media", "media/nerve.png"])
    with pytest.raises(CommandError, match="could not be read as a content backup"):
        call_command("import_content", str(archive))
