"""Production settings for the cache, the public address and request limits."""

import pytest

from tests.core.test_settings import run_manage, show

SECRET = {"DJANGO_SECRET_KEY": "k" * 60}


def test_check_warns_when_the_cache_is_per_process_with_debug_off():
    result = run_manage("check", **SECRET)
    assert "hfs.W001" in result.stderr + result.stdout
    assert "REDIS_URL" in result.stderr + result.stdout


@pytest.mark.parametrize("env", [{"REDIS_URL": "redis://127.0.0.1:6379/0"}, {"DJANGO_CACHE_URL": "file:///tmp/x"}])
def test_no_warning_with_a_shared_cache(env):
    result = run_manage("check", **SECRET, **env)
    assert result.returncode == 0
    assert "hfs.W001" not in result.stderr + result.stdout


def test_redis_url_makes_redis_the_cache_and_ignores_its_outages():
    env = {**SECRET, "REDIS_URL": "redis://127.0.0.1:6379/2"}
    assert show("CACHES['default']['BACKEND']", **env) == "'django_redis.cache.RedisCache'"
    assert show("CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS']", **env) == "True"
    # DJANGO_CACHE_URL wins over REDIS_URL.
    assert show("CACHES['default']['LOCATION']", DJANGO_CACHE_URL="redis://cache:6379/1", **env) == (
        "'redis://cache:6379/1'"
    )


def test_an_unknown_cache_address_stops_start_up():
    result = run_manage("check", DJANGO_CACHE_URL="memcached://x", **SECRET)
    assert result.returncode != 0
    assert "DJANGO_CACHE_URL must start with" in result.stderr


def test_public_address_is_never_the_requests_own_with_debug_off():
    # Without DJANGO_SITE_URL, the first name the operator allowed, without any port.
    assert show("SITE_URL", DJANGO_ALLOWED_HOSTS="hfs.example,www.hfs.example", **SECRET) == "'https://hfs.example'"
    assert show("SITE_URL", DJANGO_ALLOWED_HOSTS="hfs.example", DJANGO_HTTPS="0", **SECRET) == "'http://hfs.example'"
    assert show("SITE_URL", DJANGO_SITE_URL="https://hfsguide.org", **SECRET) == "'https://hfsguide.org'"
    result = run_manage("check", DJANGO_ALLOWED_HOSTS=".hfs.example", **SECRET)
    assert result.returncode != 0
    assert "Set DJANGO_SITE_URL" in result.stderr
