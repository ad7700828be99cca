"""HTTP at the edge of the site: bad hosts, headers, faults, compression and the page cache.

Nothing here imports another project app. Which models count as content is a setting
(CONTENT_APPS); an app above may also call `content_changed()` itself.

The page cache keeps each rendered public page under its address together with the content
"generation" it was rendered from. Any save or delete of a content row starts a new generation
(immediately, and again when the transaction commits, so a page rendered from the old rows
between the two is never kept), and a page from an older generation is never served while the
database answers. The generation and its change time are one cache entry, read once per request;
the change time is the pages' Last-Modified. Scheduled publications are known in advance:
`register_schedule()` takes a function returning the next time a row becomes public by itself,
and the generation also ends then.
"""

import contextvars
import gzip
import hashlib
import logging
import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string
from django.utils.translation import gettext

from .local_copies import LocalCopies
from .release import release

logger = logging.getLogger(__name__)

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
STATE_KEY = "content-state"
PAGE_KEY = "page3:"  # the entries' layout changed: pages stored by an older release are not read
_schedules = []
_due_checks = {}
_UNREAD = object()
# The content state as the current request resolved it (EdgeMiddleware opens one scope per
# request): the page cache, each kept part of the page and the search all ask for the state, and
# the request reads it from the cache once. Per thread, so gthread workers do not share it.
_request_state = contextvars.ContextVar("hfs_request_state", default=None)


# --- Content generation ----------------------------------------------------------------------


def register_schedule(next_change):
    """`next_change()` returns the next datetime at which content becomes public on its own."""
    _schedules.append(next_change)


def register_due_check(key, is_due):
    """A cache key an app above reads on every request, and `is_due(value)`: True when that app
    must act before any page is served (editorial: a scheduled approval has come due). The fast
    path in front of Django (core.wsgi) reads these keys with the content state and leaves the
    request to Django, and so to that app's middleware, whenever one is due."""
    _due_checks[key] = is_due


def due_checks():
    return _due_checks


def _now():
    return time.time()


def _new_state():
    """A new generation: its change time, and when the next scheduled page comes due (or None)."""
    next_times = []
    for next_change in _schedules:
        try:
            when = next_change()
        except Exception:  # unknown: look again in a minute rather than miss a publication
            logger.exception("Could not read when the next scheduled page comes due")
            when = None
            next_times.append(_now() + 60)
        if when is not None:
            next_times.append(when.timestamp())
    # Whole seconds, as HTTP dates are, rounded up (see _finish for why).
    return {"gen": secrets.token_hex(8), "changed": math.ceil(_now()), "next": min(next_times, default=None)}


class _RenewOnCommit:
    """Renews the generation at commit; the callbacks of one transaction share a batch, so the
    first renews and the others (a load saves a thousand rows) do nothing."""

    def __init__(self, batch):
        self.batch = batch

    def __call__(self):
        if not self.batch["done"]:
            self.batch["done"] = True
            cache.set(STATE_KEY, _new_state(), None)
            forget_read_state()


def _pending_batch(connection):
    if not connection.in_atomic_block:
        return None
    for _sids, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _RenewOnCommit) and not callback.batch["done"]:
            return callback.batch
    return None


def forget_read_state():
    """Forget the content state this request read: the next content_state() reads it afresh."""
    scope = _request_state.get()
    if scope is not None:
        scope.clear()


def content_changed(**kwargs):
    """Start a new content generation now and again once the current transaction commits."""
    forget_read_state()
    connection = transaction.get_connection()
    batch = _pending_batch(connection)
    state = cache.get(STATE_KEY) if batch else None
    if state is not None:
        # Renewed again at the commit, which also reads the schedules afresh: until then a new
        # generation is enough (a load saving a thousand rows reads the schedules twice).
        cache.set(STATE_KEY, {**state, "gen": secrets.token_hex(8), "changed": math.ceil(_now())}, None)
    else:
        cache.set(STATE_KEY, _new_state(), None)
    transaction.on_commit(_RenewOnCommit(batch or {"done": False}))


def read_state_with(keys):
    """`{key: value}` of `keys` in the cache, read in the same round trip as the content state.

    For a middleware that runs within the request's scope (EdgeMiddleware) and before the page
    cache, and reads keys of its own on every request: the request's first content_state() then
    resolves the state from this read instead of asking the cache again. Call
    `forget_read_state()` after changing content, so that it is read afresh.
    """
    values = cache.get_many([STATE_KEY, *keys])
    scope = _request_state.get()
    if scope is not None:
        scope.pop("state", None)
        scope["read"] = values.get(STATE_KEY)
    values.pop(STATE_KEY, None)
    return values


def is_current(state):
    """True for a content state read from the cache that no scheduled publication has ended yet."""
    return state is not None and (state["next"] is None or _now() < state["next"])


def content_state():
    """The current {gen, changed, next}, or None when the cache cannot hold it (then no page caching).

    Within a request (EdgeMiddleware's scope) the state is read from the cache once, or taken from
    read_state_with(), and given again while it is current and no content has changed since.
    """
    scope = _request_state.get()
    if scope is None:
        return _resolved_state(cache.get(STATE_KEY))
    if is_current(scope.get("state")):
        return scope["state"]
    read = scope.pop("read", _UNREAD)
    scope["state"] = _resolved_state(cache.get(STATE_KEY) if read is _UNREAD else read)
    return scope["state"]


def _resolved_state(state):
    if is_current(state):
        return state
    fresh = _new_state()
    if state is None:
        if cache.add(STATE_KEY, fresh, None):
            return fresh
        return cache.get(STATE_KEY)
    cache.set(STATE_KEY, fresh, None)  # a scheduled publication has just come due
    return fresh


def _on_save(sender, created=False, raw=False, **kwargs):
    if sender._meta.app_label in settings.CONTENT_APPS:
        content_changed()


def _on_delete(sender, **kwargs):
    label = sender._meta.app_label
    if label in settings.CONTENT_APPS or label in settings.CONTENT_DELETE_APPS:
        content_changed()


def _on_m2m(sender, instance, **kwargs):
    if instance._meta.app_label in settings.CONTENT_APPS:
        content_changed()


def connect_signals():
    post_save.connect(_on_save, dispatch_uid="core.http.save")
    post_delete.connect(_on_delete, dispatch_uid="core.http.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="core.http.m2m")


def page_cache_enabled():
    if settings.PAGE_CACHE in {"0", "off", "false", "no"}:
        return False
    if settings.PAGE_CACHE in {"1", "on", "true", "yes"}:
        return True
    return not is_per_process_cache()


def is_per_process_cache(alias="default"):
    backend = settings.CACHES[alias]["BACKEND"]
    return backend.endswith(("locmem.LocMemCache", "dummy.DummyCache"))


def page_key(path):
    """The cache key of the page at `path` (with its query): the release is part of it (core.release)."""
    return PAGE_KEY + hashlib.sha256(f"{release()}\0{path}".encode()).hexdigest()


class LocalPages(LocalCopies):
    """This process's own copies of pages from the shared page cache, most recently used kept.

    A copy is served only while the shared generation (read on every request) is the one it was
    rendered in, and no longer than the shared entry lives, so it is never staler than the shared
    cache; it saves reading and unpickling the page (about 100 KB) on every hit.
    """

    def __init__(self, max_bytes):
        super().__init__(max_bytes, size_of=_page_bytes)

    def get(self, key, gen):
        entry = super().get(key)
        if entry is None:
            return None
        if entry["gen"] != gen or _now() >= entry["stored"] + settings.PAGE_CACHE_SECONDS:
            self.discard(key)
            return None
        return entry

    def put(self, key, entry):
        if "stored" in entry:  # entries from before copies had a time are not kept
            super().put(key, entry)


def _page_bytes(entry):
    return len(entry.get("content") or b"") + len(entry.get("gzip") or b"")


local_pages = LocalPages(settings.PAGE_CACHE_LOCAL_BYTES)


# --- Middleware ------------------------------------------------------------------------------


class AllowedHostMiddleware:
    """A request for a host not in ALLOWED_HOSTS gets a short plain-text 400 and nothing else.

    Django would raise DisallowedHost deep inside the view, log it as an error and render the
    site's 400 page, which itself asks for the host. Checked first, the error never happens.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            logger.info("Refused a request for a host not in ALLOWED_HOSTS")
            response = HttpResponseBadRequest(
                gettext("Bad request: this server does not answer to that host name.") + "\n",
                content_type="text/plain; charset=utf-8",
            )
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)


def service_unavailable(request=None):
    """The 503 page: a plain template with no database, no context processors and no host."""
    html = loader.get_template("503.html").render({})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


def is_reader(request):
    """A request from someone not signed in: no session cookie at all (readers get none)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _may_compress(request, response):
    # BREACH: never compress a page that carries a secret (a CSRF token, a session's page).
    return is_reader(request) and not response.cookies


# zlib's fastest level for a page compressed as it is sent (nginx's default too): 0.45 ms for a
# 50 KB page against 1.0 ms at Django's level 6, for 13.1 KB instead of 11.2 KB. A page the page
# cache keeps is compressed once, at level 6, when it is stored.
SEND_GZIP_LEVEL = 1


class ReaderGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, compressing a whole page at SEND_GZIP_LEVEL; used for readers'
    pages only, which carry no secret (BREACH), so without Django's random filler."""

    def process_response(self, request, response):
        if response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip.compress(response.content, SEND_GZIP_LEVEL, mtime=0)
        if len(compressed) >= len(response.content):
            return response
        return _gzipped(response, compressed)


def _gzipped(response, compressed):
    """`response` carrying `compressed` (its content gzipped), with the headers Django's
    GZipMiddleware gives a compressed page."""
    response.content = compressed
    response.headers["Content-Length"] = str(len(compressed))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
    response.headers["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


class EdgeMiddleware:
    """Permissions-Policy everywhere, the 503 page while the database is down, gzip for readers."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = ReaderGZipMiddleware(lambda request: None)

    def __call__(self, request):
        scope = _request_state.set({})
        try:
            return self._respond(request)
        finally:
            _request_state.reset(scope)

    def _respond(self, request):
        if is_reader(request) and _declared_length(request) > settings.ANONYMOUS_MAX_BODY_BYTES:
            # Refused before Django reads the body, so nothing is buffered or written to disk.
            response = HttpResponse(
                gettext("Request too large.") + "\n", status=413, content_type="text/plain; charset=utf-8"
            )
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if _may_compress(request, response):
            response = self.gzip.process_response(request, response)
        else:
            patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception)
            return service_unavailable(request)
        return None


def _public_cache_control(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_STALE_WHILE_REVALIDATE,
    )


def _same_for_every_reader(request, response):
    """A reader's successful GET/HEAD page that sets no cookie: what any reader asking gets."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and is_reader(request)
        and not response.cookies
    )


def _is_shareable(request, response):
    """A page every reader gets alike that shared caches may keep: no form token, no private header."""
    cache_control = response.get("Cache-Control", "")
    return (
        _same_for_every_reader(request, response)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def _is_storable(request, response):
    """A page this server may keep: a shareable one, or one its view marks `cache_on_server`.

    Such a page is the same for every reader but is not for shared caches (search results say
    `private`): it is kept here, keyed by its address, and still sent with its own headers.
    """
    return _is_shareable(request, response) or (
        getattr(response, "cache_on_server", False) and _same_for_every_reader(request, response)
    )


class PublicPageCacheMiddleware:
    """Serve readers' pages from the cache, validate them (ETag, Last-Modified) and mark them.

    Staff (anyone with a session cookie) always get a fresh page marked `private, no-store`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_reader(request) or request.method not in ("GET", "HEAD") or not page_cache_enabled():
            return self._conditional(request, self._finish(request, self.get_response(request), state=None))
        state = content_state()
        key = page_key(request.get_full_path())
        stored = local_pages.get(key, state["gen"]) if state else None
        if stored is None and state:
            stored = cache.get(key)
            if stored and stored["gen"] == state["gen"]:
                local_pages.put(key, stored)
        if stored and stored["gen"] == state["gen"]:
            response = self._rebuild(stored, request)
            if stored.get("shareable", True):
                self._last_modified(response, state)
            self._mark_kept(response, stored)
            return self._conditional(request, response)
        response = self.get_response(request)
        if response.status_code == 503 and stored:
            # The database is down: an older copy is better than an error page.
            response = self._rebuild(stored, request)
            patch_cache_control(response, no_cache=True)
            return response
        response = self._finish(request, response, state=state)
        shareable = _is_shareable(request, response)
        if state and request.method == "GET" and _is_storable(request, response):
            compressed = compress_string(response.content) if len(response.content) >= 200 else None
            entry = {
                "gen": state["gen"],
                "shareable": shareable,
                "stored": _now(),
                "status": response.status_code,
                # A compressible page is kept compressed only (nearly every reader asks for gzip;
                # the others get it decompressed, 0.1 ms): the cache's own compression of the entry
                # then costs 0.15 ms instead of 1 ms for a 50 KB page.
                "content": None if compressed else response.content,
                "headers": dict(response.headers.items()),
                # Compressed once here, not on every hit (a hit then costs what a bare view does),
                # with the headers EdgeMiddleware's GZipMiddleware would give it.
                "gzip": compressed,
                "gzip_headers": self._gzip_headers(response, compressed) if compressed else None,
            }
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            local_pages.put(key, entry)
            # The copy compressed for the cache is the one sent: EdgeMiddleware then leaves it as it
            # is instead of compressing the same page a second time.
            if compressed and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
                response = self._rebuild(entry, request)
            self._mark_kept(response, entry)
        if state and shareable:
            self._last_modified(response, state)
        return self._conditional(request, response)

    def _finish(self, request, response, state):
        if not is_reader(request):
            patch_cache_control(response, private=True, no_store=True)
        elif _is_shareable(request, response):
            if "Cache-Control" not in response:
                _public_cache_control(response)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        return response

    @staticmethod
    def _mark_kept(response, entry):
        """Tell the fast path in front of Django (core.wsgi) that this response is a kept page:
        the same bytes for every reader making the same request while `gen` is current. A shared
        page is complete only once it carries its Last-Modified (see _last_modified)."""
        response.kept_page = {
            "gen": entry["gen"],
            "stored": entry["stored"],
            "shareable": entry.get("shareable", True),
        }

    @staticmethod
    def _last_modified(response, state):
        # Only once the second of the last change is over: any later change then falls in a
        # later second, so a page from before it can never pass If-Modified-Since.
        if not response.has_header("Last-Modified") and _now() >= state["changed"]:
            response["Last-Modified"] = http_date(state["changed"])
        return response

    @staticmethod
    def _gzip_headers(response, compressed):
        """The compressed page's headers, as EdgeMiddleware's GZipMiddleware would send them."""
        gzipped = _gzipped(HttpResponse(status=response.status_code, headers=response.headers), compressed)
        return dict(gzipped.headers.items())

    @staticmethod
    def _rebuild(stored, request):
        # The headers were worked out when the page was stored: a hit only copies them.
        if stored["gzip"] and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            return HttpResponse(stored["gzip"], status=stored["status"], headers=stored["gzip_headers"])
        content = stored["content"] if stored["content"] is not None else gzip.decompress(stored["gzip"])
        return HttpResponse(content, status=stored["status"], headers=stored["headers"])

    @staticmethod
    def _conditional(request, response):
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            return response
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
