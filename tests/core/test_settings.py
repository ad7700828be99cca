"""Settings come from the environment; production must be safe by default."""

import os
import subprocess
import sys

from django.conf import settings

BASE_ENV = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root")}


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def show(setting, **env):
    code = f"from django.conf import settings; print(repr(settings.{setting}))"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x" * 20 + "Yz0123456789!@#$%^&*()-_abcdefghijklmnop",
        DJANGO_CACHE_URL="redis://127.0.0.1:6379/0",  # production has a shared cache (hfs.W001)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_protections_default_on_in_production():
    env = {"DJANGO_SECRET_KEY": "k" * 60}
    assert show("SECURE_SSL_REDIRECT", **env) == "True"
    assert show("SECURE_HSTS_SECONDS", **env) == "31536000"
    assert show("SESSION_COOKIE_SECURE", **env) == "True"
    assert show("SECURE_PROXY_SSL_HEADER", **env) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_https_can_be_turned_off_for_a_loopback_test_box():
    assert show("SECURE_SSL_REDIRECT", DJANGO_SECRET_KEY="k" * 60, DJANGO_HTTPS="0") == "False"


def test_debug_is_off_unless_asked_and_hosts_come_from_the_environment():
    env = {"DJANGO_SECRET_KEY": "k" * 60}
    assert show("DEBUG", **env) == "False"
    assert show("DEBUG", DJANGO_DEBUG="1") == "True"
    assert (
        show("ALLOWED_HOSTS", DJANGO_ALLOWED_HOSTS="hfs.example, www.hfs.example", **env)
        == "['hfs.example', 'www.hfs.example']"
    )


def test_database_url_selects_postgres():
    engine = show(
        "DATABASES['default']['ENGINE']", DJANGO_DEBUG="1", DATABASE_URL="postgres://u:p@db.internal:5432/hfs"
    )
    assert engine == "'django.db.backends.postgresql'"
    assert show("DATABASES['default']['ENGINE']", DJANGO_DEBUG="1") == "'django.db.backends.sqlite3'"


def test_media_root_from_the_environment():
    assert show("MEDIA_ROOT", DJANGO_DEBUG="1", MEDIA_ROOT="/srv/hfs-media") == "PosixPath('/srv/hfs-media')"


def test_static_files_are_compressed_and_hashed_in_production():
    backend = show("STORAGES['staticfiles']['BACKEND']", DJANGO_SECRET_KEY="k" * 60)
    assert backend == "'whitenoise.storage.CompressedManifestStaticFilesStorage'"
