"""CPU time per page in one process, through the site's whole WSGI stack (no server, no wrk).

    bench_cpu.py [RUNS] [PAGE ...]          median process CPU ms per page, and a bare view's
    bench_cpu.py profile PAGE [RUNS]        cProfile of one page, top functions by cumulative time

Each request goes through Django's WSGIHandler with every middleware, as gunicorn calls it, with
a browser's headers (Accept-Encoding: gzip). "bare" is a view returning the article page's saved
bytes through the same middleware, so "site/bare" is what the site's own code costs. CPU time
(time.process_time) rather than wall time, so other processes on a shared machine count less;
pages are measured round-robin so a change of load falls on all of them alike.
Run with the bench's settings in the environment (DATABASE_URL, HFS_PAGE_CACHE=off for cold).
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hfs_site.settings")

import django  # noqa: E402

django.setup()

from bench_content import HOST, pages  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402

BARE_BODY = {}


def _bare(request):
    return HttpResponse(BARE_BODY["body"], content_type="text/html; charset=utf-8")


urlpatterns = [path("__bench_bare__/", _bare)]


def _install_bare_view():
    from django.urls import get_resolver

    import hfs_site.urls

    hfs_site.urls.urlpatterns.insert(0, urlpatterns[0])
    clear_url_caches()
    get_resolver()


def _environ(url, gzip=True):
    address, _, query = url.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=address, QUERY_STRING=query, REQUEST_METHOD="GET")
    environ.update(
        HTTP_HOST=HOST,
        HTTP_ACCEPT_ENCODING="gzip, deflate, br" if gzip else "identity",
        HTTP_ACCEPT="text/html,application/xhtml+xml",
        HTTP_USER_AGENT="Mozilla/5.0 bench",
    )
    return environ


def _request(handler, url, gzip=True):
    status = []
    body = b"".join(handler(_environ(url, gzip), lambda s, h, exc_info=None: status.append(s)))
    if not status[0].startswith(("200", "304")):
        raise SystemExit(f"{url}: {status[0]}")
    return body


def measure(runs, names):
    _install_bare_view()
    handler = WSGIHandler()
    urls = dict(pages())
    BARE_BODY["body"] = _request(handler, urls["article"], gzip=False)  # compressed like the page
    urls["bare"] = "/__bench_bare__/"
    chosen = [name for name in urls if not names or name in names or name == "bare"]
    times = {name: [] for name in chosen}
    for name in chosen:
        _request(handler, urls[name])  # warm what a first request warms
    for _ in range(runs):
        for name in chosen:
            start = time.process_time()
            _request(handler, urls[name])
            times[name].append(time.process_time() - start)
    bare = statistics.median(times["bare"])
    print(f"page cache: {settings.PAGE_CACHE}, {runs} runs, median CPU ms")
    for name in chosen:
        median = statistics.median(times[name])
        print(f"{name:14} {median * 1000:8.2f}   site/bare 1/{median / bare:.1f}")


def profile(name, runs):
    handler = WSGIHandler()
    url = dict(pages())[name]
    _request(handler, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        _request(handler, url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "profile":
        profile(args[1], int(args[2]) if len(args) > 2 else 10)
    else:
        runs = int(args[0]) if args and args[0].isdigit() else 15
        measure(runs, [arg for arg in args if not arg.isdigit()])
