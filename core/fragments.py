"""Rendered parts of public pages, kept in the shared cache for as long as the content is unchanged.

The page cache (core.http) keeps whole pages; these are the parts a page is made of (an article's
body and references, a comparison's tables), so that a page rendered afresh (the page cache off,
a new address such as a new comparison, a conditional request after a change) renders only what
varies between requests. Each part is keyed by the release (core.release), the current content
generation (`core.http.content_state()`, renewed on every content save or delete, at commit, and
when a scheduled publication comes due), the language, today's date (a review falls due on a date,
not at a save), the host, and whatever the caller names (slugs, options, page number). A part
rendered from older content or older code is therefore never read again: nothing is ever
invalidated by hand.

Only readers' GET/HEAD requests use the parts: staff (anyone with a session cookie: previews,
drafts) always render everything and write nothing. "auto" (the default) uses them only with a
cache shared by every process, as the page cache does, since a per-process cache cannot hear of a
change made in another process.

In templates: `{% load fragments %}{% fragment "name" value ... %}...{% endfragment %}`; in
Python: `cached_fragment(request, ("name", value), render)`.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .http import content_state, is_per_process_cache, is_reader
from .local_copies import LocalCopies
from .release import release

FRAGMENT_KEY = "fragment:"


def fragments_enabled(request):
    """True when this request may read and write cached parts."""
    if request is None or request.method not in ("GET", "HEAD") or not is_reader(request):
        return False
    return keeping_parts()


def keeping_parts():
    """True when parts worked out from the content may be kept for as long as the content
    generation lasts: by the HFS_FRAGMENT_CACHE setting, or ("auto") when the cache is shared by
    every process, so that a change made in one process ends what every process keeps."""
    setting = settings.FRAGMENT_CACHE
    if setting in {"0", "off", "false", "no"}:
        return False
    if setting in {"1", "on", "true", "yes"}:
        return True
    return not is_per_process_cache()


def _named(request, parts, state):
    """Everything a part depends on, as text: the release, the content generation, the language,
    today's date, the host, then the part's own values. The date and host are worked out once per
    request (the host is checked against ALLOWED_HOSTS each time it is asked for)."""
    known = getattr(request, "_fragment_date_host", None)
    if known is None:
        known = request._fragment_date_host = (timezone.localdate().isoformat(), request.get_host())
    return repr((release(), state["gen"], get_language(), *known, *parts))


def fragment_key(named):
    """The shared cache's key for a part named by `named` (_named)."""
    return FRAGMENT_KEY + hashlib.sha256(named.encode()).hexdigest()


class LocalParts(LocalCopies):
    """This process's copies of the parts (text only) it last used, at most `max_bytes` of text,
    the most recently used kept, by what names them (_named).

    That names the release, the content generation, the language, the date and the host, so a copy
    is what the shared cache holds for it; once the content changes, no request asks
    for it again and it ages out. A part found here costs a dictionary look-up instead of a read of
    the shared cache (a file or Redis), and every page has a few: its header and footer at least.
    """

    def put(self, key, value):
        if isinstance(value, str):
            super().put(key, value)


local_parts = LocalParts(settings.FRAGMENT_LOCAL_BYTES)


def cached_fragment(request, parts, render):
    """`render()` (HTML already escaped, or a value the cache can pickle), kept while content is unchanged.

    `parts` must name everything the result depends on beyond the content, the language, the
    date and the host.
    """
    if not fragments_enabled(request):
        return render()
    state = content_state()
    if state is None:
        return render()
    named = _named(request, parts, state)
    value = local_parts.get(named)
    if value is not None:
        return value
    key = fragment_key(named)
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    local_parts.put(named, value)
    return value


def cached_html(request, parts, render):
    """cached_fragment() for template output: the result is marked safe as the template's was."""
    return mark_safe(cached_fragment(request, parts, lambda: str(render())))  # noqa: S308
