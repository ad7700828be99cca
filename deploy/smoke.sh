#!/usr/bin/env bash
# `make deploy-check`: deploy/nginx.conf, checked with `nginx -t` and then actually serving the
# site through gunicorn on loopback, with a fresh SQLite database, checked with curl.
# Only the listening ports and paths of the example are changed. Ports: SMOKE_NGINX_PORT (8131),
# SMOKE_APP_PORT (8132). Needs Debian's nginx (nginx-light is enough): installed when root.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
NGINX_PORT="${SMOKE_NGINX_PORT:-8131}"
APP_PORT="${SMOKE_APP_PORT:-8132}"
HOST="hfsguide.example"
TMP="$(mktemp -d /tmp/hfs-smoke.XXXXXX)"
chmod 755 "$TMP"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "deploy-check FAILED: $*" >&2; exit 1; }
ok() { echo "deploy-check: ok - $*"; }

if ! command -v nginx >/dev/null; then
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 nginx-light
    else
        fail "Debian's nginx is missing: run 'sudo apt-get install nginx-light'."
    fi
fi
command -v curl >/dev/null || fail "curl is missing"

# The example, pointed at this checkout and these ports.
sed -e "s#listen 80;#listen 127.0.0.1:${NGINX_PORT};#" \
    -e "/listen \[::\]:80;/d" \
    -e "s#127.0.0.1:8000#127.0.0.1:${APP_PORT}#" \
    -e "s#/srv/hfs/#${ROOT}/#" \
    -e "s#/etc/nginx/hfs_proxy_params#${TMP}/hfs_proxy_params#" \
    deploy/nginx.conf > "$TMP/site.conf"
cp deploy/hfs_proxy_params "$TMP/hfs_proxy_params"
for dir in body proxy fastcgi uwsgi scgi; do mkdir -p "$TMP/$dir"; done
cat > "$TMP/nginx.conf" <<CONF
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $TMP/access.log;
    client_body_temp_path $TMP/body;
    proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi;
    uwsgi_temp_path $TMP/uwsgi;
    scgi_temp_path $TMP/scgi;
    include $TMP/site.conf;
}
CONF
nginx -t -q -c "$TMP/nginx.conf" -e "$TMP/error.log" || fail "nginx -t"
ok "nginx -t accepts deploy/nginx.conf"

export DJANGO_DEBUG=0 DJANGO_HTTPS=0
DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export DATABASE_URL="sqlite:///$TMP/db.sqlite3"
export DJANGO_CACHE_URL="file://$TMP/cache"
export DJANGO_ALLOWED_HOSTS="$HOST"
export DJANGO_SITE_URL="http://$HOST"
export DJANGO_CLIENT_IP_HEADER=HTTP_X_REAL_IP
export HFS_BIND="127.0.0.1:${APP_PORT}" GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG="$TMP/gunicorn-access.log"
unset REDIS_URL
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py load_content --verbosity 0
"$PY" manage.py collectstatic --noinput --verbosity 0

"$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py >"$TMP/gunicorn.log" 2>&1 &
pids+=($!)
nginx -c "$TMP/nginx.conf" -e "$TMP/error.log" -g "daemon off;" &
pids+=($!)
base="http://127.0.0.1:${NGINX_PORT}"
for _ in $(seq 100); do
    curl -sf -o /dev/null -H "Host: $HOST" "$base/health/" && break
    sleep 0.2
done

get() { curl -s -H "Host: $HOST" "$@"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

code="$(status -H "Host: $HOST" "$base/")"
[ "$code" = 200 ] || { cat "$TMP/gunicorn.log" "$TMP/error.log" >&2; fail "home page answered $code"; }
headers="$(get -D - -o /dev/null -H 'Accept-Encoding: gzip' "$base/")"
grep -qi '^content-encoding: gzip' <<<"$headers" || fail "home page not compressed: $headers"
grep -qi '^cache-control: public, max-age=300' <<<"$headers" || fail "home page Cache-Control: $headers"
grep -qi '^permissions-policy: ' <<<"$headers" || fail "no Permissions-Policy"
grep -qi '^set-cookie' <<<"$headers" && fail "home page sets a cookie"
ok "home page through nginx: 200, gzip, public for 300 s, Permissions-Policy, no cookie"

etag="$(get -D - -o /dev/null "$base/articles/" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')"
[ -n "$etag" ] || fail "no ETag on /articles/"
code="$(status -H "Host: $HOST" -H "If-None-Match: $etag" "$base/articles/")"
[ "$code" = 304 ] || fail "a conditional request got $code, not 304"
ok "ETag and 304"

css="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["paths"]["css/site.css"])' staticfiles/staticfiles.json)"
headers="$(get -D - -o /dev/null "$base/static/$css")"
grep -q ' 200' <<<"$headers" || fail "static file: $headers"
grep -qi 'immutable' <<<"$headers" || fail "static file not cached for ever: $headers"
ok "static files served by nginx, cached for ever"

health="$(get "$base/health/")"
[ "$health" = '{"database": "ok", "cache": "ok"}' ] || fail "health: $health"
ok "health: $health"

code="$(status -H 'Host: evil.example' "$base/")"
[ "$code" = 400 ] || fail "a disallowed host got $code"
body="$(curl -s -H 'Host: evil.example' "$base/")"
grep -q 'Traceback' <<<"$body" && fail "the 400 shows a traceback"
ok "a disallowed Host gets a plain 400"

head -c 100000 /dev/zero > "$TMP/big"
code="$(status -H "Host: $HOST" -X POST --data-binary @"$TMP/big" "$base/handouts/new/")"
[ "$code" = 413 ] || fail "a 100 kB handout post got $code, not 413"
ok "a large body for a reader's form is refused (413)"

code="$(status -H "Host: $HOST" -H "Origin: http://$HOST" -H 'Sec-Fetch-Site: same-origin' \
    -d "note=" "$base/handouts/new/")"
[ "$code" = 200 ] || fail "an empty handout form got $code"
ok "the handout form posts without a cookie"
echo "deploy-check: all passed"
