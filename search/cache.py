"""Results of searches kept in the shared cache, so a common search is answered once per version
of the content.

The key is the cleaned query (and the page size) with the release (core.release) and the content generation
(`core.http.content_state()["gen"]`), which changes on every publish, unpublish, scheduled
publication and synonym change: a kept result is never stale. Only the query's words and what
was found are kept, nothing about who asked. Results are kept exactly when the parts of pages are
(`core.fragments.keeping_parts()`, the HFS_FRAGMENT_CACHE setting), with the page cache on or
off: by default only with a cache shared by every process, since a per-process cache would not
hear of another process's publish. Otherwise, or without a cache that can hold the generation,
every search runs the engine.
"""

import hashlib

from django.core.cache import cache

from core.fragments import keeping_parts
from core.http import content_state
from core.release import release

from .engine import clean, search

KEY = "search-results:"
SECONDS = 60 * 60 * 24


def cached_search(query, *, limit=10):
    """search.engine.search(query, limit=limit), from the cache when this content has answered it."""
    return kept_search(query, limit=limit)[0]


def kept_search(query, *, limit=10):
    """(outcome, asked_before): cached_search's outcome, and whether the cache already held it."""
    state = content_state() if keeping_parts() else None
    if state is None:
        return search(query, limit=limit), False
    cleaned = clean(query)
    key = KEY + hashlib.sha256(repr((release(), state["gen"], limit, *cleaned)).encode()).hexdigest()
    outcome = cache.get(key)
    if outcome is not None:
        return outcome, True
    outcome = search(query, limit=limit, cleaned=cleaned)
    cache.set(key, outcome, SECONDS)
    return outcome, False
