#!/usr/bin/env bash
# Start or stop the local PostgreSQL and Redis used by `make test` and `make bench`.
#
#   scripts/services.sh start   # start what is not running; record what we started
#   scripts/services.sh stop    # stop only what `start` recorded
#   scripts/services.sh status
#
# Both listen on loopback only. PostgreSQL: role ripso / password ripso (CREATEDB, so
# pytest-django can create test_ripso) and database ripso, on 127.0.0.1:5432.
# Redis: 127.0.0.1:6379, no persistence, files in var/redis.
# What this script started is listed in $RIPSO_SERVICES_STATE (default var/services.started);
# `stop` stops exactly those and nothing that was already running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

STATE="${RIPSO_SERVICES_STATE:-$ROOT/var/services.started}"
# Overridable only to run a second, throw-away set beside the usual one.
PG_CLUSTER="${RIPSO_PG_CLUSTER:-main}"
PG_PORT="${RIPSO_PG_PORT:-5432}"
PG_ROLE=ripso
PG_PASSWORD=ripso
PG_DB=ripso
REDIS_PORT="${RIPSO_REDIS_PORT:-6379}"
REDIS_DIR="${RIPSO_REDIS_DIR:-$ROOT/var/redis}"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"

log() { printf '[services] %s\n' "$*" >&2; }

pg_version() {
    # Highest installed server major version, e.g. 15 (Debian 12) - not hard-coded.
    local v
    v="$(ls /usr/lib/postgresql 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true)"
    [[ -n "$v" ]] || { log "PostgreSQL is not installed (run scripts/bootstrap.sh)"; exit 1; }
    echo "$v"
}

as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo -- "$@"; fi
}

record() { mkdir -p "$(dirname "$STATE")"; echo "$1" >>"$STATE"; }

psql_q() { as_postgres psql -p "$PG_PORT" -X -q -t -A -v ON_ERROR_STOP=1 -d postgres -c "$1" </dev/null; }

start_postgres() {
    local ver
    ver="$(pg_version)"
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v c="$PG_CLUSTER" '$1 == v && $2 == c' | grep -q .; then
        log "creating PostgreSQL $ver cluster '$PG_CLUSTER'"
        as_root pg_createcluster "$ver" "$PG_CLUSTER" -p "$PG_PORT" >/dev/null
    fi
    local port
    port="$(pg_lsclusters -h | awk -v v="$ver" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $3}')"
    if [[ "$port" != "$PG_PORT" ]]; then
        log "warning: cluster $ver/$PG_CLUSTER is configured for port $port, expected $PG_PORT"
    fi
    # `status` exits 0 when running, 3 when stopped (start would exit 2 if already running).
    if as_root pg_ctlcluster "$ver" "$PG_CLUSTER" status >/dev/null 2>&1; then
        log "PostgreSQL $ver already running (left alone on stop)"
    else
        log "starting PostgreSQL $ver"
        as_root pg_ctlcluster "$ver" "$PG_CLUSTER" start
        record "postgresql $ver $PG_CLUSTER"
    fi
    local i
    for i in $(seq 1 50); do
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 0.2
    done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not become ready"; exit 1; }

    if [[ "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != 1 ]]; then
        log "creating role $PG_ROLE"
        psql_q "CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    if [[ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
        log "creating database $PG_DB"
        psql_q "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
    fi
}

redis_ping() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
    if redis_ping; then
        log "Redis already running on 127.0.0.1:$REDIS_PORT (left alone on stop)"
        return
    fi
    mkdir -p "$REDIS_DIR"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
        --save '' --appendonly no --dir "$REDIS_DIR" \
        --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_DIR/redis.log"
    record "redis $REDIS_PORT"
    local i
    for i in $(seq 1 50); do
        redis_ping && return
        sleep 0.1
    done
    log "Redis did not answer PING; see $REDIS_DIR/redis.log"
    exit 1
}

stop_all() {
    [[ -f "$STATE" ]] || { log "nothing recorded as started by this script"; return 0; }
    local kind a b
    # Stop in reverse order of starting.
    while read -r kind a b; do
        case "$kind" in
            redis)
                log "stopping Redis"
                if ! redis-cli -h 127.0.0.1 -p "$a" shutdown nosave >/dev/null 2>&1; then
                    [[ -f "$REDIS_PIDFILE" ]] && kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true
                fi
                ;;
            postgresql)
                log "stopping PostgreSQL $a"
                as_root pg_ctlcluster "$a" "$b" stop || true
                ;;
        esac
    done < <(tac "$STATE")
    rm -f "$STATE"
}

status() {
    local ver
    ver="$(pg_version)"
    if as_root pg_ctlcluster "$ver" "$PG_CLUSTER" status >/dev/null 2>&1; then
        echo "postgresql $ver: running"
    else
        echo "postgresql $ver: stopped"
    fi
    if redis_ping; then echo "redis: running"; else echo "redis: stopped"; fi
    if [[ -f "$STATE" ]]; then echo "started by this script:"; sed 's/^/  /' "$STATE"; fi
}

case "${1:-}" in
    start) start_postgres; start_redis ;;
    stop) stop_all ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
