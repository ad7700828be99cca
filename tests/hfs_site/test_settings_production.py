"""Production settings for the cache, the public address and request limits (run in-process)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.checks import check_shared_cache

SECRET = {"DJANGO_SECRET_KEY": "k" * 60}


def test_check_warns_when_the_cache_is_per_process_with_debug_off(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = check_shared_cache(None)
    assert warning.id == "hfs.W001"
    assert "REDIS_URL" in warning.hint


@pytest.mark.parametrize(
    "backend",
    ["django_redis.cache.RedisCache", "core.cache.FileCache"],
)
def test_no_warning_with_a_shared_cache(settings, tmp_path, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    assert check_shared_cache(None) == []


@pytest.mark.parametrize("env", [{"REDIS_URL": "redis://127.0.0.1:6379/0"}, {"DJANGO_CACHE_URL": "file:///tmp/x"}])
def test_a_shared_cache_address_is_taken_from_the_environment(load_settings, env):
    backend = load_settings(**SECRET, **env)["CACHES"]["default"]["BACKEND"]
    assert "LocMemCache" not in backend


def test_a_file_cache_is_the_one_that_counts_its_files_now_and_then(load_settings):
    cache = load_settings(**SECRET, DJANGO_CACHE_URL="file:///var/cache/hfs")["CACHES"]["default"]
    assert cache["BACKEND"] == "core.cache.FileCache"
    assert cache["LOCATION"] == "/var/cache/hfs"


def test_a_file_cache_holds_every_entry_of_a_hundred_times_todays_content(load_settings):
    # 1,815 pages at 100x are about 7,300 entries: 5,000 made the cache drop a third of itself
    # again and again, rendering pages afresh under load.
    cache = load_settings(**SECRET, DJANGO_CACHE_URL="file:///var/cache/hfs")["CACHES"]["default"]
    assert cache["OPTIONS"]["MAX_ENTRIES"] == 20_000
    env = {**SECRET, "DJANGO_CACHE_URL": "file:///var/cache/hfs", "HFS_FILE_CACHE_MAX_ENTRIES": "500"}
    assert load_settings(**env)["CACHES"]["default"]["OPTIONS"]["MAX_ENTRIES"] == 500


def test_redis_url_makes_redis_the_cache_and_ignores_its_outages(load_settings):
    env = {**SECRET, "REDIS_URL": "redis://127.0.0.1:6379/2"}
    cache = load_settings(**env)["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    # DJANGO_CACHE_URL wins over REDIS_URL.
    assert load_settings(DJANGO_CACHE_URL="redis://cache:6379/1", **env)["CACHES"]["default"]["LOCATION"] == (
        "redis://cache:6379/1"
    )


def test_an_unknown_cache_address_stops_start_up(load_settings):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL must start with"):
        load_settings(DJANGO_CACHE_URL="memcached://x", **SECRET)


def test_public_address_is_never_the_requests_own_with_debug_off(load_settings):
    # Without DJANGO_SITE_URL, the first name the operator allowed, without any port.
    assert load_settings(DJANGO_ALLOWED_HOSTS="hfs.example,www.hfs.example", **SECRET)["SITE_URL"] == (
        "https://hfs.example"
    )
    assert load_settings(DJANGO_ALLOWED_HOSTS="hfs.example", DJANGO_HTTPS="0", **SECRET)["SITE_URL"] == (
        "http://hfs.example"
    )
    assert load_settings(DJANGO_SITE_URL="https://hfsguide.org", **SECRET)["SITE_URL"] == "https://hfsguide.org"
    with pytest.raises(ImproperlyConfigured, match="Set DJANGO_SITE_URL"):
        load_settings(DJANGO_ALLOWED_HOSTS=".hfs.example", **SECRET)
