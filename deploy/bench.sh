#!/usr/bin/env bash
# `make bench`: for each content scale (1x, 10x, 100x synthetic sets, each in its own SQLite
# database) and each page type, wrk (2 threads, 20 connections) against the site under gunicorn,
# beside nginx serving a saved copy of the same page and a bare Django view returning it under
# the same gunicorn, in one run; cold (no server-side page cache: every request renders) and warm
# (page cache on, in a file cache shared by the workers); both with the rendered parts of pages
# kept in that shared cache (core.fragments), as deployed. Then the median render time and query
# count per page at each scale from the test client (no server), a soak over a mix of pages with
# the workers' memory before and after, and the faults (database gone, Redis gone) on a real
# server. Prints Markdown tables. Besides the page types, "search-new" asks a new search on every
# request (two common words drawn at random by a wrk script), so no kept answer ever serves it:
# what an uncached search costs under load. The profile (render time per page) leaves it out.
#
# Environment (quick mode: BENCH_SECONDS=3 BENCH_SCALES="1 10" BENCH_SOAK_SECONDS=20):
#   BENCH_SCALES        content scales to measure (default "1 10 100")
#   BENCH_SECONDS       seconds per wrk measurement (default 10)
#   BENCH_SOAK_SECONDS  soak length (default 60; 0 skips it); runs at the last scale
#   BENCH_PROFILE_RUNS  test-client requests per page, scale and round for the median (default 11)
#   BENCH_PROFILE_ROUNDS rounds over the scales, there and back, for the median (default 12)
#   BENCH_PAGES         page names to measure with wrk (default: all; the profile covers all)
#   BENCH_FAULTS        1 (default) checks the faults, 0 skips them
#   BENCH_PORT          first of four loopback ports (default 8133: site, bare, nginx, dead Redis)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
SCALES="${BENCH_SCALES:-1 10 100}"
SECONDS_EACH="${BENCH_SECONDS:-10}"
SOAK_SECONDS="${BENCH_SOAK_SECONDS:-60}"
PROFILE_RUNS="${BENCH_PROFILE_RUNS:-11}"
PROFILE_ROUNDS="${BENCH_PROFILE_ROUNDS:-12}"
ONLY_PAGES="${BENCH_PAGES:-}"
FAULTS="${BENCH_FAULTS:-1}"
PORT="${BENCH_PORT:-8133}"
SITE_PORT=$PORT BARE_PORT=$((PORT + 1)) NGINX_PORT=$((PORT + 2)) DEAD_PORT=$((PORT + 3))
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
# The shared file cache in memory, as `make serve` keeps it when it can (deploy/serve.sh).
CACHE_ROOT="$TMP"
[ -d /dev/shm ] && [ -w /dev/shm ] && CACHE_ROOT="$(mktemp -d /dev/shm/hfs-bench.XXXXXX)"
trap 'stop_servers; rm -rf "$TMP" "$CACHE_ROOT"' EXIT

export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY="bench-$(date +%s)-a-long-enough-random-looking-secret-value"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 GUNICORN_WORKERS=2 DJANGO_SITE_URL="http://127.0.0.1:$SITE_PORT"
# No access log, as nginx below keeps none (access_log off): both do the same work per request.
export GUNICORN_ACCESS_LOG= DJANGO_LOG_LEVEL=WARNING GUNICORN_LOG_LEVEL=warning
unset REDIS_URL DJANGO_CACHE_URL
"$PY" manage.py collectstatic --noinput -v0

log() { echo "$(date -u +%T) $*" >&2; }

start_site() {  # extra environment as arguments; sets SITE_PID
    env "$@" HFS_BIND="127.0.0.1:$SITE_PORT" "$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py >"$TMP/site.log" 2>&1 &
    SITE_PID=$!
    pids+=("$SITE_PID")
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$SITE_PORT/robots.txt" && return; sleep 0.2; done
    echo "the site did not start" >&2; cat "$TMP/site.log" >&2; exit 1
}

stop_site() {
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
}

wrk_summary() {  # wrk --latency output on stdin -> "req/s p50 p99 errors" (non-2xx/3xx and socket errors)
    awk '
        /Requests\/sec/ {rps=$2}
        /^ +50%/ {p50=$2}
        /^ +99%/ {p99=$2}
        /Non-2xx/ {errors+=$NF}
        /Socket errors/ {gsub(",", ""); errors+=$4+$6+$8+$10}
        END {print rps, p50, p99, errors+0}'
}

measure() {  # url [wrk script] -> "req/s p50 p99 errors"; asks for gzip as browsers do (all three send it compressed)
    wrk -t2 -c20 -d"${SECONDS_EACH}s" --timeout 10s --latency -H "Accept-Encoding: gzip, deflate, br" \
        ${2:+-s "$2"} "$1" 2>/dev/null | wrk_summary
}

ratio() {  # "1/N" when the site is slower, "N/1" when it is faster
    awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) print "-"; else if (a > b) printf "%.1f/1", a / b; else printf "1/%.1f", b / a }'
}

workers_rss() {  # total resident memory of the site's workers, in MB
    local total=0 kb
    for child in $(pgrep -P "$SITE_PID"); do
        kb="$(awk '/^VmRSS/ {print $2}' "/proc/$child/status" 2>/dev/null || echo 0)"
        total=$((total + ${kb:-0}))
    done
    awk -v kb="$total" 'BEGIN { printf "%.0f", kb / 1024 }'
}

wanted() { [ -z "$ONLY_PAGES" ] || [[ " $ONLY_PAGES " == *" $1 "* ]]; }

PROFILES=()
for scale in $SCALES; do
    export DATABASE_URL="sqlite:///$TMP/db-$scale.sqlite3"
    log "scale ${scale}x: building the database"
    "$PY" manage.py migrate --noinput -v0
    "$PY" manage.py load_content -v0 >/dev/null
    [ "$scale" -gt 1 ] && "$PY" deploy/bench_content.py scale "$scale"
    mapfile -t pages < <("$PY" deploy/bench_content.py pages)
    # search-new: a new search on every request (a wrk script), so neither the page cache nor the
    # kept results ever answer; its saved copy for nginx and the bare view is one such page.
    "$PY" deploy/bench_content.py new-searches >"$TMP/new-searches.lua"
    pages+=("search-new /search/?q=botox+hearing")
    PROFILES+=("$scale")

    # The saved copies, and nginx serving them.
    rm -rf "$TMP/saved" && mkdir -p "$TMP/saved"
    start_site HFS_PAGE_CACHE=off
    for entry in "${pages[@]}"; do
        read -r name url <<<"$entry"
        curl -sf "http://127.0.0.1:$SITE_PORT$url" -o "$TMP/saved/$name.html"
        gzip -6 -k -n "$TMP/saved/$name.html"
    done
    stop_site
    cat > "$TMP/nginx.conf" <<CONF
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP; proxy_temp_path $TMP; fastcgi_temp_path $TMP; uwsgi_temp_path $TMP; scgi_temp_path $TMP;
    gzip_static on;  # the saved copies compressed beforehand: nginx at its fastest
    server { listen 127.0.0.1:$NGINX_PORT; root $TMP/saved; default_type text/html; }
}
CONF
    nginx -c "$TMP/nginx.conf" -g "daemon off;" &
    nginx_pid=$!
    pids+=("$nginx_pid")

    {
        echo
        echo "### Scale ${scale}x ($("$PY" manage.py shell -v0 -c 'from articles.models import Article; print(Article.objects.count())') articles), ${SECONDS_EACH} s per measurement"
        echo
        echo "| page | mode | site req/s | p50 | p99 | errors | nginx req/s | site/nginx | bare Django req/s | site/bare |"
        echo "|---|---|---|---|---|---|---|---|---|---|"
    } | tee -a "$TMP/report.md"
    declare -A nginx_rps=() bare_rps=()
    for mode in cold warm; do
        log "scale ${scale}x: $mode"
        rm -rf "$CACHE_ROOT/cache"
        if [ "$mode" = cold ]; then
            # Every request renders its page (no page cache), from parts kept in the shared cache
            # as deployed (core.fragments); HFS_FRAGMENT_CACHE=off renders everything every time.
            start_site HFS_PAGE_CACHE=off DJANGO_CACHE_URL="file://$CACHE_ROOT/cache"
        else
            start_site HFS_PAGE_CACHE=on DJANGO_CACHE_URL="file://$CACHE_ROOT/cache"
        fi
        for entry in "${pages[@]}"; do
            read -r name url <<<"$entry"
            wanted "$name" || continue
            script=""
            [ "$name" = search-new ] && script="$TMP/new-searches.lua"
            curl -sf -o /dev/null "http://127.0.0.1:$SITE_PORT$url"
            # Two seconds of the same load first, not measured: each worker's first requests
            # (its database connection, its caches; for search-new, the pages of the database
            # that new words touch) are not what a server that has run for a while does.
            wrk -t2 -c20 -d2s ${script:+-s "$script"} "http://127.0.0.1:$SITE_PORT$url" >/dev/null 2>&1
            read -r site_rps p50 p99 errors <<<"$(measure "http://127.0.0.1:$SITE_PORT$url" "$script")"
            if [ "$mode" = warm ]; then
                # nginx again, right after the site: the warm ratio compares the two at one moment
                # of this machine, whose speed moves by 20-40% within minutes (a slow spell during
                # the warm rows alone made the article 1/21 of an nginx measured minutes before).
                read -r nginx_rps["$name"] _ _ _ <<<"$(measure "http://127.0.0.1:$NGINX_PORT/$name.html")"
            fi
            if [ -z "${bare_rps[$name]:-}" ]; then  # nginx and bare Django right after the cold site
                BENCH_BODY="$TMP/saved/$name.html" "$VENV/bin/gunicorn" --chdir deploy -w 2 -b "127.0.0.1:$BARE_PORT" \
                    bench_bare:application >"$TMP/bare.log" 2>&1 &
                bare_pid=$!
                for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$BARE_PORT/" && break; sleep 0.2; done
                read -r nginx_rps["$name"] _ _ _ <<<"$(measure "http://127.0.0.1:$NGINX_PORT/$name.html")"
                read -r bare_rps["$name"] _ _ _ <<<"$(measure "http://127.0.0.1:$BARE_PORT/")"
                kill "$bare_pid"; wait "$bare_pid" 2>/dev/null || true
            fi
            echo "| $name | $mode | $site_rps | $p50 | $p99 | $errors | ${nginx_rps[$name]} | $(ratio "$site_rps" "${nginx_rps[$name]}") | ${bare_rps[$name]} | $(ratio "$site_rps" "${bare_rps[$name]}") |" | tee -a "$TMP/report.md"
        done
        stop_site
    done
    unset nginx_rps bare_rps
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
done

# Median render time, queries and Python calls per page at each scale, side by side; the time
# column compares the largest scale with the smallest (target: within 20%). Measured after every
# database is built (not while the disk still writes the last one), in rounds that visit the scales
# there and back (1x 10x 100x, 100x 10x 1x, ...), so a slow spell of the machine falls on every
# scale alike; the median is over all rounds. One process per scale and round.
log "median render time: ${PROFILE_ROUNDS} rounds over the scales, ${PROFILE_RUNS} requests per page each"
order=("${PROFILES[@]}")
last="${PROFILES[-1]}"  # the soak and the faults run at the largest scale
for _ in $(seq "$PROFILE_ROUNDS"); do
    for scale in "${order[@]}"; do
        rm -rf "$CACHE_ROOT/profile-cache"
        DATABASE_URL="sqlite:///$TMP/db-$scale.sqlite3" HFS_PAGE_CACHE=off DJANGO_CACHE_URL="file://$CACHE_ROOT/profile-cache" \
            "$PY" deploy/bench_content.py profile "$PROFILE_RUNS" "$scale" >>"$TMP/profile.txt" 2>/dev/null
    done
    mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
done
{
    echo
    echo "### Median render time (CPU ms), queries and Python calls per page (test client, no page cache, page parts kept; ${PROFILE_ROUNDS} rounds of ${PROFILE_RUNS} requests per scale)"
    echo
    "$PY" deploy/bench_content.py table "$TMP/profile.txt" 2>/dev/null
} | tee -a "$TMP/report.md"

# Soak: a mix of pages (every article of the largest scale, treatments, comparisons, search),
# as deployed (page cache on), workers never recycled so a leak would show.
if [ "$SOAK_SECONDS" -gt 0 ]; then
    log "soak: ${SOAK_SECONDS} s at 20 connections"
    "$PY" manage.py shell -v0 -c "
from articles.models import Article
from treatments.models import Treatment
paths = ['/', '/articles/', '/search/?q=botox', '/search/?q=surgery']
paths += [a.get_absolute_url() for a in Article.objects.published()]
slugs = list(Treatment.objects.values_list('slug', flat=True))
paths += [f'/treatments/{s}/' for s in slugs]
paths += [f'/treatments/compare/?t={a}&t={b}' for a in slugs[:3] for b in slugs[3:]]
print(f'-- {len(paths)} paths')
print('paths = {' + ', '.join(repr(p).replace(\"'\", '\"') for p in paths) + '}')
" >"$TMP/soak.lua"
    cat >>"$TMP/soak.lua" <<'LUA'
request = function()
    return wrk.format("GET", paths[math.random(#paths)])
end
LUA
    rm -rf "$CACHE_ROOT/cache"
    start_site HFS_PAGE_CACHE=on DJANGO_CACHE_URL="file://$CACHE_ROOT/cache" GUNICORN_MAX_REQUESTS=0
    wrk -t2 -c20 -d5s -s "$TMP/soak.lua" "http://127.0.0.1:$SITE_PORT" >/dev/null 2>&1  # settle
    # The workers' memory every tenth of the soak, so a plateau (caches full) shows apart from a
    # leak (growth to the end); and the shared cache's entries, which must stay under its limit.
    step=$(((SOAK_SECONDS + 9) / 10))
    (
        for _ in $(seq 10); do
            echo "$(workers_rss) $(find "$CACHE_ROOT/cache" -type f 2>/dev/null | wc -l)"
            sleep "$step"
        done
        echo "$(workers_rss) $(find "$CACHE_ROOT/cache" -type f 2>/dev/null | wc -l)"
    ) >"$TMP/soak-memory.txt" &
    sampler=$!
    # In two halves, so the first (at 100x most pages rendered for the first time, the cache
    # filling towards 7,281 entries) shows apart from the second (a server that has run a while).
    half=$((SOAK_SECONDS / 2))
    for part in 1 2; do
        wrk -t2 -c20 -d"${half}s" --timeout 10s --latency -s "$TMP/soak.lua" "http://127.0.0.1:$SITE_PORT" >"$TMP/soak-$part.txt" 2>&1
    done
    wait "$sampler" || true
    stop_site
    mapfile -t memory < <(awk '{print $1}' "$TMP/soak-memory.txt")
    mapfile -t entries < <(awk '{print $2}' "$TMP/soak-memory.txt")
    {
        echo
        echo "### Soak: ${SOAK_SECONDS} s, 20 connections, $(awk 'NR == 1 {print $2}' "$TMP/soak.lua") paths at random, scale ${last}x, page cache on, workers not recycled"
        echo
        echo "| half | requests | req/s | p50 | p99 | errors (non-2xx/3xx, socket) | workers' memory at its start | at its end | growth |"
        echo "|---|---|---|---|---|---|---|---|---|"
        for part in 1 2; do
            read -r rps p50 p99 errors <<<"$(wrk_summary <"$TMP/soak-$part.txt")"
            requests="$(awk '/requests in/ {print $1}' "$TMP/soak-$part.txt")"
            from="${memory[$(((part - 1) * 5))]}" to="${memory[$((part * 5))]}"
            label="$([ "$part" = 1 ] && echo first || echo second) (cache entries ${entries[$(((part - 1) * 5))]} → ${entries[$((part * 5))]})"
            echo "| $label | $requests | $rps | $p50 | $p99 | $errors | $from MB | $to MB | $(awk -v a="$from" -v b="$to" 'BEGIN { printf "%+.1f%%", (b - a) * 100 / a }') |"
        done
        echo
        echo "Every tenth of the soak: the workers' memory (MB) ${memory[*]}; the shared cache's entries ${entries[*]}."
    } | tee -a "$TMP/report.md"
fi

# Faults on a real server: Redis gone (a port nothing listens on), then the database gone (its
# file moved away and a folder in its place, so SQLite cannot open it) and back.
if [ "$FAULTS" = 1 ]; then
    log "faults"
    read -r _ article_url < <(printf '%s\n' "${pages[@]}" | grep '^article ')
    status() { curl -s -o "$TMP/body.html" -w '%{http_code}' "http://127.0.0.1:$SITE_PORT$1"; }
    {
        echo
        echo "### Faults (real gunicorn, scale ${last}x)"
        echo
        echo "| fault | request | status | shows |"
        echo "|---|---|---|---|"
    } | tee -a "$TMP/report.md"
    start_site HFS_PAGE_CACHE=on DJANGO_CACHE_URL="redis://127.0.0.1:$DEAD_PORT/0"
    for url in / "$article_url" /handouts/new/ /health/; do
        code="$(status "$url")"
        shows="$(grep -o -m1 'Traceback\|Handouts are paused[^<]*\|"cache": *"[a-z]*"' "$TMP/body.html" || true)"
        echo "| Redis stopped | GET $url | $code | ${shows:-page} |" | tee -a "$TMP/report.md"
    done
    article_pk="$("$PY" manage.py shell -v0 -c 'from articles.models import Article; print(Article.objects.published().first().pk)')"
    code="$(curl -s -o "$TMP/body.html" -w '%{http_code}' -d "articles=$article_pk" "http://127.0.0.1:$SITE_PORT/handouts/new/")"
    shows="$(grep -o -m1 'Traceback\|Handouts are paused[^<]*' "$TMP/body.html" || true)"
    echo "| Redis stopped | POST /handouts/new/ (make a handout) | $code | ${shows:-no message} |" | tee -a "$TMP/report.md"
    stop_site
    db="${DATABASE_URL#sqlite:///}"
    rm -rf "$CACHE_ROOT/cache"
    start_site HFS_PAGE_CACHE=on DJANGO_CACHE_URL="file://$CACHE_ROOT/cache" DJANGO_DB_CONN_MAX_AGE=0
    status "$article_url" >/dev/null  # now in the page cache
    mv "$db" "$db.away" && mkdir "$db"
    for url in "$article_url" /articles/ /health/; do
        code="$(status "$url")"
        shows="$(grep -o -m1 'Traceback\|This page is not available just now\|"database": *"[a-z]*"' "$TMP/body.html" || true)"
        echo "| database gone | GET $url | $code | ${shows:-the cached page} |" | tee -a "$TMP/report.md"
    done
    rmdir "$db" && mv "$db.away" "$db"
    code="$(status /articles/)"
    echo "| database back | GET /articles/ | $code | $(grep -c 'Traceback' "$TMP/body.html" || true) tracebacks |" | tee -a "$TMP/report.md"
    stop_site
fi

echo
echo "Scales ${SCALES// /, }; ${SECONDS_EACH} s per measurement; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u '+%F %H:%M UTC')."
if [ -n "${BENCH_REPORT:-}" ]; then cp "$TMP/report.md" "$BENCH_REPORT"; fi
