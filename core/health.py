"""GET /health/: is the database answering, and the cache? For load balancers and monitoring."""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok():
    # Read a table every migrated database has: SQLite opens (and creates) an empty file
    # where the database was, and "SELECT 1" would call that healthy.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            return cursor.fetchone()[0] > 0
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_ok():
    key = "health:" + secrets.token_hex(8)
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
@require_safe
def health(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({name: "ok" if ok else "failing" for name, ok in checks.items()}, status=status)
