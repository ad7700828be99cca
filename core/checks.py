"""System checks for a production start (`manage.py check`)."""

from django.conf import settings
from django.core.checks import Warning, register

from .http import is_per_process_cache


@register("caches", deploy=False)
def check_shared_cache(app_configs, **kwargs):
    if settings.DEBUG or not is_per_process_cache():
        return []
    return [
        Warning(
            "The cache is kept in each process's own memory while DEBUG is off.",
            hint=(
                "With several gunicorn workers the handout rate limit counts per worker and rendered "
                "pages are not cached. Set REDIS_URL (redis://host:6379/0) or DJANGO_CACHE_URL "
                "(file:///run/hfs/cache for one machine, a folder in memory)."
            ),
            id="hfs.W001",
        )
    ]
