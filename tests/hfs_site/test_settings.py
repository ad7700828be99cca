"""Settings come from the environment; production must be safe by default.

Each test runs hfs_site/settings.py afresh in this process with an environment of its own, so
coverage sees every branch; one test starts a real `manage.py check --deploy`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SECRET = {"DJANGO_SECRET_KEY": "k" * 60}


def test_production_refuses_to_start_without_a_secret_key(load_settings):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        load_settings()


def test_development_gets_a_throwaway_key(load_settings):
    values = load_settings(DJANGO_DEBUG="1")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("insecure-development-key")
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SECRET_KEY": "x" * 20 + "Yz0123456789!@#$%^&*()-_abcdefghijklmnop",
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/0",  # production has a shared cache (hfs.W001)
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_protections_default_on_in_production(load_settings):
    values = load_settings(**SECRET)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize("off", ["0", "no", "false"])
def test_https_can_be_turned_off_for_a_loopback_test_box(load_settings, off):
    values = load_settings(DJANGO_HTTPS=off, **SECRET)
    assert "SECURE_SSL_REDIRECT" not in values
    assert "SESSION_COOKIE_SECURE" not in values


def test_debug_is_off_unless_asked_and_hosts_come_from_the_environment(load_settings):
    assert load_settings(**SECRET)["DEBUG"] is False
    assert load_settings(DJANGO_DEBUG=" ", **SECRET)["DEBUG"] is False  # blank means the default
    assert load_settings(**SECRET)["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    hosts = load_settings(DJANGO_ALLOWED_HOSTS="hfs.example, www.hfs.example,", **SECRET)["ALLOWED_HOSTS"]
    assert hosts == ["hfs.example", "www.hfs.example"]


def test_database_url_selects_postgres(load_settings):
    database = load_settings(DATABASE_URL="postgres://u:p@db.internal:5432/hfs", **SECRET)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "hfs"
    assert database["CONN_MAX_AGE"] == 60
    database = load_settings(**SECRET)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(settings.BASE_DIR / "db.sqlite3")


def test_sqlite_keeps_more_of_the_database_in_memory_and_postgres_is_left_alone(load_settings):
    sqlite = load_settings(**SECRET)["DATABASES"]["default"]
    assert sqlite["OPTIONS"]["init_command"] == "PRAGMA cache_size = -16384"  # 16 MB, not SQLite's 2
    sqlite = load_settings(HFS_SQLITE_CACHE_MB="64", **SECRET)["DATABASES"]["default"]
    assert sqlite["OPTIONS"]["init_command"] == "PRAGMA cache_size = -65536"
    postgres = load_settings(DATABASE_URL="postgres://u:p@db.internal:5432/hfs", **SECRET)["DATABASES"]["default"]
    assert "init_command" not in postgres.get("OPTIONS", {})


@pytest.mark.django_db
def test_each_sqlite_connection_gets_the_larger_cache():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (make test runs this leg)")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -settings.SQLITE_CACHE_KB


def test_database_connection_age_and_other_numbers_from_the_environment(load_settings):
    values = load_settings(DJANGO_DB_CONN_MAX_AGE="0", HFS_HANDOUTS_PER_HOUR="5", **SECRET)
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    assert values["HANDOUT_RATE_LIMIT"] == 5


def test_media_root_from_the_environment(load_settings):
    assert load_settings(MEDIA_ROOT="/srv/hfs-media", **SECRET)["MEDIA_ROOT"] == Path("/srv/hfs-media")
    assert load_settings(**SECRET)["MEDIA_ROOT"] == settings.BASE_DIR / "media"


def test_static_files_are_compressed_and_hashed_in_production(load_settings):
    backend = load_settings(**SECRET)["STORAGES"]["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_site_url_is_kept_without_its_trailing_slash(load_settings):
    assert (
        load_settings(DJANGO_SITE_URL="https://hfsguide.example/", **SECRET)["SITE_URL"] == "https://hfsguide.example"
    )
    # Without it, production uses the first host the operator allowed; development the request's.
    assert load_settings(**SECRET)["SITE_URL"] == "https://localhost"
    assert load_settings(DJANGO_DEBUG="1")["SITE_URL"] == ""


@pytest.mark.parametrize("value", ["hfsguide.example", "https://hfsguide.example/path", "ftp://hfsguide.example"])
def test_a_malformed_site_url_stops_the_site_from_starting(load_settings, value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL must be a scheme and host only"):
        load_settings(DJANGO_DEBUG="1", DJANGO_SITE_URL=value)
