"""gunicorn settings for HFS Guide, all from the environment (deploy/README.md)."""

import multiprocessing
import os

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
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Request line and headers are small on this site; anything larger is refused early.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the local proxy may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "hfs_site.wsgi:application"
