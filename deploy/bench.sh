#!/usr/bin/env bash
# `make bench`: each page type measured with wrk (2 threads, 20 connections) beside nginx serving
# a saved copy of the same page and a bare Django view returning it, under the same gunicorn, in
# one run; cold (no server-side page cache) and warm (page cache on, a shared file cache).
# BENCH_SCALE=1|10|100 multiplies the shipped articles with synthetic copies in a separate
# SQLite database; BENCH_SECONDS (10) per measurement. Ports 8133-8136. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
SCALE="${BENCH_SCALE:-1}"
SECONDS_EACH="${BENCH_SECONDS:-10}"
SITE_PORT=8133 BARE_PORT=8134 NGINX_PORT=8135
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq nginx-light; }
TMP="$(mktemp -d /tmp/hfs-bench.XXXXXX)"
chmod 755 "$TMP"
pids=()
stop_servers() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}
trap 'stop_servers; rm -rf "$TMP"' EXIT

export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY="bench-$(date +%s)-a-long-enough-random-looking-secret-value"
export DATABASE_URL="sqlite:///$TMP/db.sqlite3" DJANGO_ALLOWED_HOSTS=127.0.0.1 GUNICORN_WORKERS=2
export GUNICORN_ACCESS_LOG=/dev/null DJANGO_LOG_LEVEL=WARNING
unset REDIS_URL
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_content -v0 >/dev/null
"$PY" manage.py collectstatic --noinput -v0
if [ "$SCALE" -gt 1 ]; then
    "$PY" manage.py shell -c "
from articles.models import Article
originals = list(Article.objects.all())
for copy in range(1, $SCALE):
    for article in originals:
        article.pk = None
        article.id = None
        article._state.adding = True
        article.slug = f'{article.slug[:40]}-copy-{copy}'
        article.title = f'{article.title} ({copy})'
        article.save()
print(Article.objects.count(), 'articles')
"
fi

article="$("$PY" manage.py shell -v 0 -c "from articles.models import Article; print(Article.objects.published().order_by('pk').first().get_absolute_url())")"
treatment="$("$PY" manage.py shell -v 0 -c "from treatments.models import Treatment; print(Treatment.objects.order_by('pk').first().get_absolute_url())")"
slugs="$("$PY" manage.py shell -v 0 -c "from treatments.models import Treatment; print(' '.join(Treatment.objects.order_by('pk').values_list('slug', flat=True)))")"
read -r -a s <<<"$slugs"
compare2="/treatments/compare/?t=${s[0]}&t=${s[1]}"
pages=("home /" "articles /articles/" "article $article" "treatment $treatment" "compare-2 $compare2")

start_site() {
    HFS_BIND="127.0.0.1:$SITE_PORT" "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py >"$TMP/site.log" 2>&1 &
    SITE_PID=$!
    pids+=("$SITE_PID")
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$SITE_PORT/health/" && return; sleep 0.2; done
    echo "the site did not start" >&2; cat "$TMP/site.log" >&2; exit 1
}

measure() {  # url -> "req/s p50 p99"
    wrk -t2 -c20 -d"${SECONDS_EACH}s" --latency "$1" 2>/dev/null | awk '
        /Requests\/sec/ {rps=$2}
        /^ +50%/ {p50=$2}
        /^ +99%/ {p99=$2}
        END {print rps, p50, p99}'
}

# The saved copies, and nginx serving them.
mkdir -p "$TMP/saved"
HFS_PAGE_CACHE=off start_site
for entry in "${pages[@]}"; do
    read -r name url <<<"$entry"
    curl -sf "http://127.0.0.1:$SITE_PORT$url" -o "$TMP/saved/$name.html"
done
kill "$SITE_PID"; wait "$SITE_PID" 2>/dev/null || true
cat > "$TMP/nginx.conf" <<CONF
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP; proxy_temp_path $TMP; fastcgi_temp_path $TMP; uwsgi_temp_path $TMP; scgi_temp_path $TMP;
    server { listen 127.0.0.1:$NGINX_PORT; root $TMP/saved; default_type text/html; }
}
CONF
nginx -c "$TMP/nginx.conf" -g "daemon off;" &
pids+=($!)

echo "| page | mode | site req/s | p50 | p99 | nginx req/s | site/nginx | bare Django req/s | site/bare |"
echo "|---|---|---|---|---|---|---|---|---|"
for mode in cold warm; do
    if [ "$mode" = cold ]; then export HFS_PAGE_CACHE=off; unset DJANGO_CACHE_URL; else export HFS_PAGE_CACHE=on DJANGO_CACHE_URL="file://$TMP/cache"; fi
    start_site
    for entry in "${pages[@]}"; do
        read -r name url <<<"$entry"
        BENCH_BODY="$TMP/saved/$name.html" "$VENV/bin/gunicorn" --chdir deploy -w 2 -b "127.0.0.1:$BARE_PORT" \
            --access-logfile /dev/null bench_bare:application >"$TMP/bare.log" 2>&1 &
        bare_pid=$!
        for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$BARE_PORT/" && break; sleep 0.2; done
        curl -sf -o /dev/null "http://127.0.0.1:$SITE_PORT$url"  # warm what a first request warms
        read -r site_rps p50 p99 <<<"$(measure "http://127.0.0.1:$SITE_PORT$url")"
        read -r nginx_rps _ _ <<<"$(measure "http://127.0.0.1:$NGINX_PORT/$name.html")"
        read -r bare_rps _ _ <<<"$(measure "http://127.0.0.1:$BARE_PORT/")"
        kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "1/%.0f", b / a; else print "-" }'; }
        echo "| $name | $mode | $site_rps | $p50 | $p99 | $nginx_rps | $(ratio "$site_rps" "$nginx_rps") | $bare_rps | $(ratio "$site_rps" "$bare_rps") |"
    done
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
done
echo
echo "Scale ${SCALE}x, ${SECONDS_EACH} s per measurement, $(nproc) cores, $(date -u +%F)."
