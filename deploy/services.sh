#!/usr/bin/env bash
# Private PostgreSQL and Redis for the test runs (make test-postgres, make test-redis, .ci/run).
#
#   deploy/services.sh start   install (apt-get, as root) and start both; prints the settings
#                              as `export` lines: DATABASE_URL and REDIS_URL, new random passwords
#   deploy/services.sh stop    stop both (the data stays; the next start reuses it)
#
# PostgreSQL runs as its own cluster "hfs<port>" owned by the postgres user (never root), next
# to Debian's "main" cluster, which is left alone. Redis runs as the redis user, on loopback only,
# with a password and no persistence. Ports: PG_PORT (default 5499), REDIS_PORT (default 6399).
set -euo pipefail

PG_PORT="${PG_PORT:-5499}"
REDIS_PORT="${REDIS_PORT:-6399}"
PG_CLUSTER="hfs${PG_PORT}"
REDIS_DIR="/tmp/hfs-redis-${REDIS_PORT}"
PG_ROLE="hfs"
PG_DB="hfs"

say() { echo "$*" >&2; }

need_root() {
    if [ "$(id -u)" != "0" ]; then
        say "deploy/services.sh needs root (to install packages and run the services as their own users)."
        say "On a developer machine, point DATABASE_URL and REDIS_URL at your own servers instead."
        exit 1
    fi
}

install_packages() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    if [ ${#missing[@]} -gt 0 ]; then
        say "Installing Debian's ${missing[*]} ..."
        apt-get update -qq >&2
        # Debian starts a "main" cluster and a Redis on the standard ports where it can; ours
        # use their own ports, so that does not matter.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
    fi
}

pg_version() {
    ls /usr/lib/postgresql | sort -n | tail -1
}

random_password() {
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

start_postgres() {
    local version password
    version="$(pg_version)"
    if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "${version}/${PG_CLUSTER}"; then
        say "Creating PostgreSQL ${version} cluster ${PG_CLUSTER} on port ${PG_PORT} ..."
        pg_createcluster "${version}" "${PG_CLUSTER}" -p "${PG_PORT}" -- --auth-local=peer --auth-host=scram-sha-256 >&2
    fi
    if ! pg_lsclusters -h | awk -v c="${PG_CLUSTER}" '$2 == c {print $4}' | grep -qx online; then
        # pg_ctlcluster drops to the cluster's owner (postgres) itself.
        pg_ctlcluster "${version}" "${PG_CLUSTER}" start >&2
    fi
    password="$(random_password)"
    runuser -u postgres -- psql -q -p "${PG_PORT}" -v ON_ERROR_STOP=1 -d postgres >&2 <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_ROLE}') THEN
        CREATE ROLE ${PG_ROLE} LOGIN CREATEDB;
    END IF;
END
\$\$;
ALTER ROLE ${PG_ROLE} WITH LOGIN CREATEDB PASSWORD '${password}';
SQL
    if ! runuser -u postgres -- psql -p "${PG_PORT}" -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'" | grep -q 1; then
        runuser -u postgres -- createdb -p "${PG_PORT}" -O "${PG_ROLE}" "${PG_DB}" >&2
    fi
    echo "export DATABASE_URL='postgres://${PG_ROLE}:${password}@127.0.0.1:${PG_PORT}/${PG_DB}'"
}

start_redis() {
    local password
    password="$(random_password)"
    if [ -f "${REDIS_DIR}/redis.pid" ] && kill -0 "$(cat "${REDIS_DIR}/redis.pid")" 2>/dev/null; then
        kill "$(cat "${REDIS_DIR}/redis.pid")"
        sleep 0.5
    fi
    mkdir -p "${REDIS_DIR}"
    chown redis:redis "${REDIS_DIR}"
    chmod 700 "${REDIS_DIR}"
    # The password goes in through a config file, not the command line other users can read.
    install -o redis -g redis -m 600 /dev/null "${REDIS_DIR}/redis.conf"
    cat > "${REDIS_DIR}/redis.conf" <<CONF
port ${REDIS_PORT}
bind 127.0.0.1
protected-mode yes
requirepass ${password}
daemonize yes
pidfile ${REDIS_DIR}/redis.pid
logfile ${REDIS_DIR}/redis.log
dir ${REDIS_DIR}
save ""
appendonly no
maxmemory 256mb
maxmemory-policy allkeys-lru
CONF
    runuser -u redis -- redis-server "${REDIS_DIR}/redis.conf"
    for _ in $(seq 50); do
        REDISCLI_AUTH="${password}" redis-cli -p "${REDIS_PORT}" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
    done
    echo "export REDIS_URL='redis://:${password}@127.0.0.1:${REDIS_PORT}/0'"
}

stop_all() {
    local version
    version="$(pg_version 2>/dev/null || true)"
    if [ -n "${version}" ] && pg_lsclusters -h 2>/dev/null | awk -v c="${PG_CLUSTER}" '$2 == c {print $4}' | grep -qx online; then
        pg_ctlcluster "${version}" "${PG_CLUSTER}" stop -m fast >&2 || true
    fi
    if [ -f "${REDIS_DIR}/redis.pid" ] && kill -0 "$(cat "${REDIS_DIR}/redis.pid")" 2>/dev/null; then
        kill "$(cat "${REDIS_DIR}/redis.pid")" || true
    fi
    say "Stopped PostgreSQL cluster ${PG_CLUSTER} and Redis on port ${REDIS_PORT}."
}

case "${1:-start}" in
    start)
        need_root
        install_packages
        start_postgres
        start_redis
        ;;
    stop)
        stop_all
        ;;
    *)
        say "usage: $0 start|stop"
        exit 2
        ;;
esac
