#!/usr/bin/env bash
# `make serve`: the site production-style with DEBUG off, through gunicorn.
#
# Anything already set in the environment wins (DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL, ...).
# Otherwise it runs on embedded defaults, fine for trying the site on one machine:
#   - SQLite in db.sqlite3, migrated and loaded with the shipped content,
#   - a cache shared by the workers, in memory (/dev/shm) or else var/cache (REDIS_URL for more
#     than one machine),
#   - a secret key generated once into var/secret_key (mode 600),
#   - plain HTTP on http://127.0.0.1:8000/ (DJANGO_HTTPS=0): put TLS in front (deploy/nginx.conf).
# GUNICORN_WORKERS sets the number of worker processes, HFS_BIND the address.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
mkdir -p var
note() { echo "make serve: $*" >&2; }

export DJANGO_DEBUG=0
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    if [ ! -s var/secret_key ]; then
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
        note "generated a secret key into var/secret_key; set DJANGO_SECRET_KEY in a real deployment."
    fi
    DJANGO_SECRET_KEY="$(cat var/secret_key)"
    export DJANGO_SECRET_KEY
fi
if [ -z "${DJANGO_HTTPS:-}" ]; then
    export DJANGO_HTTPS=0
    note "serving plain HTTP (DJANGO_HTTPS=0); behind a TLS proxy set DJANGO_HTTPS=1."
fi
# The cache's folder in memory (tmpfs) when there is room: each write creates a file, 0.36 ms on
# this project's ext4 disk against 0.013 ms in /dev/shm, and a cache need not outlive a reboot.
# Only a folder this user owns, not a link, mode 700: /dev/shm is shared by every local user.
memory_cache_dir() {
    local shm="${HFS_MEMORY_DIR:-/dev/shm}" free_kb
    local dir="$shm/hfs-cache-$(id -u)"
    [ -d "$shm" ] && [ -w "$shm" ] || return 1
    free_kb="$(df --output=avail -k "$shm" 2>/dev/null | tail -1)"
    [ "${free_kb:-0}" -ge 262144 ] || return 1  # 256 MB; 20,000 entries (the most kept) take about 160 MB
    mkdir -p -m 700 "$dir" 2>/dev/null || return 1
    [ -O "$dir" ] && [ ! -L "$dir" ] && [ "$(stat -c %a "$dir")" = 700 ] || return 1
    echo "$dir"
}
if [ -z "${DJANGO_CACHE_URL:-}" ] && [ -z "${REDIS_URL:-}" ]; then
    if cache_dir="$(memory_cache_dir)"; then
        note "cache in $cache_dir (memory, one machine); set REDIS_URL to share it between machines."
    else
        cache_dir="$PWD/var/cache"
        note "cache in var/cache (one machine); set REDIS_URL to share it between machines."
    fi
    export DJANGO_CACHE_URL="file://$cache_dir"
fi
[ -n "${DATABASE_URL:-}" ] || note "database: SQLite in db.sqlite3 (set DATABASE_URL for PostgreSQL)."
bind="${HFS_BIND:-127.0.0.1:8000}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-${bind%:*},localhost,127.0.0.1}"

"$PY" manage.py migrate --noinput
"$PY" manage.py load_content
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py check --deploy
# Scheduled approvals go live without anyone running a command: every HFS_APPLY_EVERY seconds
# (60) beside gunicorn. exec keeps this shell's process id for gunicorn, so the loop ends with it.
apply_every="${HFS_APPLY_EVERY:-60}"
(
    while kill -0 "$$" 2>/dev/null; do
        "$PY" manage.py apply_approved_revisions --verbosity 0 ||
            note "apply_approved_revisions failed; trying again in ${apply_every}s"
        sleep "$apply_every"
    done
) &
note "putting scheduled approvals live every ${apply_every}s (manage.py apply_approved_revisions)."
note "serving on http://${bind}/ with ${GUNICORN_WORKERS:-${WEB_CONCURRENCY:-(2 per core + 1)}} workers; Ctrl-C stops."
exec "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py
