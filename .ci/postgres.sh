#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temp dir, listening on
# 127.0.0.1 on a free port, run as an unprivileged user (CI runs as root, which PostgreSQL
# refuses). Sourced by .ci/run; exports MOCKLOOP_TEST_PG_URL and MOCKLOOP_REQUIRE_PG and stops
# the server when the calling shell exits. Installs PostgreSQL with apt when it is missing.
set -euo pipefail

_pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
    return 1
}

_pg_install() {
    if _pg_bindir >/dev/null; then return 0; fi
    echo "ci: installing PostgreSQL with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q postgresql
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
    _pg_install
    local bindir port user dir
    bindir="$(_pg_bindir)"
    port="$(_pg_free_port)"
    dir="$(mktemp -d /tmp/mockloop-pg.XXXXXX)"
    if [ "$(id -u)" = 0 ]; then
        user=mockloop_ci
        id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
        chown "$user" "$dir"
    else
        user="$(id -un)"
    fi
    PG_CI_USER="$user"
    chmod 700 "$dir"
    _as "$bindir/initdb" -D "$dir/data" -U mockloop --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log"; return 1; }
    _as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log"; return 1; }
    PG_CI_DIR="$dir"
    PG_CI_BINDIR="$bindir"
    _as "$bindir/createdb" -h 127.0.0.1 -p "$port" -U mockloop mockloop_test
    export MOCKLOOP_TEST_PG_URL="postgresql+psycopg://mockloop@127.0.0.1:$port/mockloop_test"
    export MOCKLOOP_REQUIRE_PG=1
    trap pg_stop EXIT
    echo "ci: PostgreSQL running at $MOCKLOOP_TEST_PG_URL"
}

_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_CI_USER" -- "$@"; else "$@"; fi
}

pg_stop() {
    if [ -n "${PG_CI_DIR:-}" ] && [ -d "$PG_CI_DIR/data" ]; then
        _as "$PG_CI_BINDIR/pg_ctl" -D "$PG_CI_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_CI_DIR"
        PG_CI_DIR=""
    fi
}
