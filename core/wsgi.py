"""The page cache's fast path: a kept page answered again without going through Django.

A page-cache hit (core.http) still builds a request, runs the whole middleware stack and sends
Django's request signals: about 0.2 ms of CPU per page, and under gunicorn half of what a worker
spends on such a request. For the same request and the same content generation all of that gives
the same answer, to the byte. So once Django has answered a reader's request with a kept page
(PublicPageCacheMiddleware marks such a response), this process remembers the exact answer
(status, headers, body) under everything in the request that answer can depend on, and gives it
again to the same request while the page cache itself would:

- the content generation is still the one the page was rendered in (read from the shared cache
  on every request, as the middleware does), it has not reached a scheduled publication, and no
  registered check (a scheduled approval come due: editorial.scheduling) asks Django to act first;
- the kept page has not outlived PAGE_CACHE_SECONDS.

Only a plain reader's GET is answered here: no cookie at all, no conditional or range header, no
body. Anything else, and anything not seen before, goes to Django. The host, scheme and forwarded
headers are part of the key, so a request is answered here only if Django accepted exactly that
host and scheme before. A page is remembered only if its Vary names nothing beyond
Accept-Encoding and Cookie (the key has the one and the request has none of the other).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .http import ACCEPTS_GZIP, STATE_KEY, LocalPages, due_checks, is_current

logger = logging.getLogger(__name__)

# Headers that make a request Django's: a cookie may be a session (staff pages, never kept); the
# conditional ones may be answered with a 304; a body is checked for its size first.
_NOT_PLAIN = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
    "HTTP_TRANSFER_ENCODING",
)
# What Django and its middlewares read from a reader's GET to answer it: the host (allowed or
# not), the scheme (the HTTPS redirect, HSTS), the address and query.
_KEY_PARTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)
_VARY_KEYED = {"accept-encoding", "cookie"}


def request_key(environ):
    """The key of a plain reader's GET, or None when Django must see the request."""
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("CONTENT_LENGTH", "") not in ("", "0"):
        return None
    for name in _NOT_PLAIN:
        if environ.get(name):
            return None
    gzip = bool(ACCEPTS_GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")))
    return (*(environ.get(name) for name in _KEY_PARTS), gzip)


def _may_remember(response):
    """A kept page's complete answer, the same for everyone sending the same request."""
    kept = getattr(response, "kept_page", None)
    if kept is None or not isinstance(response, HttpResponse) or response.status_code != 200:
        return False
    if response.cookies or (kept["shareable"] and not response.has_header("Last-Modified")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= _VARY_KEYED


class KeptPagesApp:
    """WSGI middleware around Django's handler: see the module's docstring."""

    def __init__(self, app, max_bytes=None):
        self.app = app
        self.answers = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES if max_bytes is None else max_bytes)

    def __call__(self, environ, start_response):
        key = request_key(environ)
        if key is not None:
            answer = self._answer(key)
            if answer is not None:
                start_response(answer["status"], answer["headers"])
                return [answer["content"]]
        response = self.app(environ, start_response)
        if key is not None and _may_remember(response):
            self.answers.put(
                key,
                {
                    "gen": response.kept_page["gen"],
                    "stored": response.kept_page["stored"],
                    "status": f"{response.status_code} {response.reason_phrase}",
                    "headers": list(response.items()),
                    "content": response.content,
                },
            )
        return response

    def _answer(self, key):
        if key not in self.answers:
            return None  # nothing remembered: no need to read the cache (a miss, or no page cache)
        try:
            values = cache.get_many([STATE_KEY, *due_checks()])
        except Exception:  # the cache is down: Django answers, and says what it can
            logger.debug("No fast path: the cache could not be read", exc_info=True)
            return None
        state = values.pop(STATE_KEY, None)
        if not is_current(state):
            return None  # Django starts the next generation
        for name, is_due in due_checks().items():
            if is_due(values.get(name)):
                return None
        return self.answers.get(key, state["gen"])
