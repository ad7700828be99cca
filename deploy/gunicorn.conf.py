"""gunicorn settings for HFS Guide, all from the environment (deploy/README.md)."""

import gc
import logging
import multiprocessing
import os
import sys

bind = os.environ.get("HFS_BIND", "127.0.0.1:8000")
# Synchronous workers: the site does no long-polling. Default: 2 per core plus one.
workers = int(
    os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1
)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request taking longer than this is stuck: its worker is restarted. nginx waits a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Each worker touches a heartbeat file after every request. gunicorn's docs (worker_tmp_dir) warn
# that on a disk-backed folder this can block a worker; /tmp here is ext4, and a new search on
# every request served 242-257 req/s with it there against 270-284 with it in /dev/shm (memory).
# GUNICORN_WORKER_TMP_DIR names another folder; empty leaves gunicorn's default (/tmp).
# gunicorn makes the file with mkstemp and unlinks it at once, as it would in /tmp.
MEMORY_DIR = "/dev/shm"  # noqa: S108 (a sticky shared folder like /tmp; see above)
_memory = MEMORY_DIR if os.path.isdir(MEMORY_DIR) and os.access(MEMORY_DIR, os.W_OK) else ""
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", _memory) or None
# Recycle workers now and then so a slow leak never grows without bound. A recycle is cheap
# (preload_app and worker_exit below) but not free: a new worker's first page costs about 10 ms
# more CPU and its local page copies start empty. With no page cache, every 2,000 requests put
# search's p99 at 116 ms instead of 86 (2026-12-01). Memory stays flat without any recycle
# (242 MB for two workers from 30 s to 150 s of a soak, 320,000 requests), so recycle rarely.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# The site is loaded once in the master and each worker starts as a copy of it, so a worker that
# replaces another serves at once. A code change then needs a restart, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Request line and headers are small on this site; anything larger is refused early.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the local proxy may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "hfs_site.wsgi:application"


def when_ready(server):
    """Before the first worker is forked: compile the site's templates and import its views in
    the master (hfs_site.warm), so every worker, a replacement too, starts with them done.

    Then everything the master holds (about 130,000 objects: Django, the site's modules, the
    compiled templates) is moved out of the garbage collector's sight (gc.freeze): it lives as
    long as the process. A full collection in a worker then looks at the few thousand objects
    made since, 2 ms instead of 63 ms; every request queued behind a 63 ms pause waits for it.
    Frozen objects are also never written to by the collector, so forked workers keep sharing
    their memory pages with the master: after 18 s of mixed pages at 100x, each worker's own
    dirty memory was 29 MB instead of 53 MB (proportional share 47 MB instead of 64 MB)."""
    if server.cfg.preload_app:
        from hfs_site.warm import warm

        server.log.info("Compiled %d templates before starting the workers", warm())
        gc.collect()  # what the warming left behind, before it would be frozen for good
        gc.freeze()


def post_fork(server, worker):
    """A worker must not share the master's database or cache connections (none are expected)."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()


def worker_exit(server, worker):
    """After a clean exit (a recycled worker), leave without tearing the interpreter down.

    Python's own shutdown of a loaded Django process takes about 0.4 s here, and gunicorn starts
    the replacement only once the old worker is gone: `make bench` saw each recycle as a stall
    of that length for the requests queued meanwhile. Exits with an error keep their status.
    """
    from django.db import connections

    error = sys.exc_info()[1]
    if isinstance(error, SystemExit) and error.code in (0, None):
        connections.close_all()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
