#!/usr/bin/env bash
# postgres-throwaway.sh: a disposable PostgreSQL cluster for tests.
#
# Usage:
#   scripts/postgres-throwaway.sh start DIR PORT   create and start a cluster in DIR; print its
#                                                  Npgsql connection string on stdout (one line)
#   scripts/postgres-throwaway.sh stop DIR         stop it (fast mode) and delete DIR
#   scripts/postgres-throwaway.sh pause DIR        stop the server but keep DIR (an outage)
#   scripts/postgres-throwaway.sh resume DIR       start a paused cluster again, same port and data
#
# DIR must lie below the system temp dir ($TMPDIR or /tmp): stop deletes it, and a throwaway
# cluster has no business anywhere else. The cluster listens on 127.0.0.1:PORT only and puts its
# unix socket inside DIR/socket. It is tuned for speed, not durability (fsync, synchronous_commit
# and full_page_writes off): a crash loses data, which for a throwaway is fine.
#
# Auth: TCP connections need the superuser `postgres` and a random password generated per cluster
# (scram-sha-256); it appears only in the printed connection string and DIR/connection-string
# (mode 600), never in logs. The unix socket (inside DIR, reachable only by its owner) trusts.
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user
# (DIR is chowned to it) and initdb/pg_ctl run through setpriv; as any other user, as that user.
# Logs go to stderr (short) and DIR/postgresql.log (server); stdout carries only the result.
#
# Environment: PG_THROWAWAY_OWNER_PID=PID makes `start` leave a watchdog that stops the cluster and
# deletes DIR once process PID is gone, so a test process that is killed (no chance to run its
# own `stop`) does not leak a running server.
set -euo pipefail

MARKER=".atrium-postgres-throwaway"

die() { echo "postgres-throwaway: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

# Highest installed server version: /usr/lib/postgresql/<major>/bin.
find_pg_bin() {
    local best="" ver dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || continue
        ver="$(basename "$(dirname "$dir")")"
        if [ -z "$best" ] || [ "$(printf '%s\n%s\n' "$best" "$ver" | sort -V | tail -n1)" = "$ver" ]; then
            best="$ver"
        fi
    done
    [ -n "$best" ] || die "no PostgreSQL server under /usr/lib/postgresql (run scripts/ensure-deps.sh)"
    echo "/usr/lib/postgresql/$best/bin"
}

# Resolve DIR to an absolute path and refuse anything outside the temp dir, since stop deletes it.
resolve_dir() {
    local dir tmp ok=0
    dir="$(realpath -m -- "$1")"
    for tmp in "${TMPDIR:-/tmp}" /tmp; do
        tmp="$(realpath -m -- "$tmp")"
        case "$dir" in "$tmp"/?*) ok=1 ;; esac
    done
    [ "$ok" = 1 ] || die "DIR must be below the temp dir (${TMPDIR:-/tmp}), got '$1'"
    [ ! -L "$1" ] || die "DIR must not be a symlink: '$1'"
    echo "$dir"
}

# Run a command as the cluster's owner (postgres when we are root), from inside DIR so the
# server never inherits a working directory it cannot read (such as /root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$DIR" && setpriv --reuid=postgres --regid=postgres --init-groups -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

# is_our_postmaster PID: true if PID runs `postgres -D DIR/data`.
is_our_postmaster() {
    local cmdline
    cmdline="$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" || true)"
    [[ "$cmdline" == *postgres*" -D $DIR/data"* ]]
}

# Stop whatever cluster DIR holds; quiet when there is none.
stop_cluster() {
    [ -f "$DIR/data/postmaster.pid" ] || return 0
    if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
        # pg_ctl could not stop it (say a half-written data dir): kill the postmaster directly,
        # but only if that pid still is our postmaster. A stale postmaster.pid (server killed)
        # can name a pid that has since been reused by an unrelated process.
        local pid
        pid="$(head -n1 "$DIR/data/postmaster.pid" 2>/dev/null || true)"
        if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_postmaster "$pid"; then
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do is_our_postmaster "$pid" || break; sleep 0.1; done
            is_our_postmaster "$pid" && kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
}

# Delete DIR, but only if it is ours (marker) or empty: never someone else's files.
remove_dir() {
    [ -e "$DIR" ] || return 0
    if [ -e "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR")" ]; then
        rm -rf -- "$DIR"
    else
        die "'$DIR' is not a throwaway cluster directory (no $MARKER); not deleting it"
    fi
}

cmd_start() {
    local port="$1" password conn
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be 1-65535, got '$port'"
    # Unix socket paths are limited to 107 bytes by the kernel.
    [ ${#DIR} -le 80 ] || die "DIR path is too long for a unix socket (${#DIR} > 80 chars): '$DIR'"

    # A leftover from an earlier run (crashed test process, killed script): stop and wipe it.
    if [ -e "$DIR" ]; then
        stop_cluster
        remove_dir
    fi
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user (run scripts/ensure-deps.sh)"
        # The postgres user must be able to reach DIR through its parents (a parent made by
        # `mktemp -d` is root-only); check before creating anything.
        mkdir -p -- "$(dirname "$DIR")"
        setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$(dirname "$DIR")" ||
            die "the postgres user cannot reach '$(dirname "$DIR")'; put DIR directly in the temp dir"
    fi
    mkdir -p -- "$DIR"
    touch "$DIR/$MARKER"
    mkdir -p "$DIR/socket"
    chmod 700 "$DIR"
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$DIR"

    # Letters and digits only, so the password needs no quoting in a connection string.
    password="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)"
    (umask 077 && printf '%s\n' "$password" > "$DIR/pwfile")
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR/pwfile"

    # on_fail: show the server log, then leave nothing behind.
    on_fail() {
        echo "postgres-throwaway: start failed; server log follows" >&2
        tail -n 40 "$DIR/postgresql.log" >&2 2>/dev/null || true
        stop_cluster
        rm -rf -- "$DIR"
    }
    trap on_fail ERR

    # --no-sync: the data dir is thrown away, so flushing it to disk is wasted time.
    as_owner "$PG_BIN/initdb" -D "$DIR/data" -U postgres --pwfile="$DIR/pwfile" \
        -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 \
        --no-sync --no-instructions >"$DIR/initdb.log" 2>&1 ||
        { cat "$DIR/initdb.log" >&2; false; }
    rm -f "$DIR/pwfile"

    cat > "$DIR/data/pg_hba.conf" <<'EOF'
# Throwaway test cluster: socket (inside DIR) trusted, TCP on loopback with the password only.
local all all                trust
host  all all 127.0.0.1/32   scram-sha-256
EOF
    cat >> "$DIR/data/postgresql.conf" <<EOF

# --- Atrium throwaway test cluster (scripts/postgres-throwaway.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR/socket'
max_connections = 200
# Durability buys nothing for data that is deleted after the run; speed does.
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
# Quiet, small logs: only what explains a failure.
logging_collector = off
log_min_messages = warning
log_statement = 'none'
EOF
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR/data/pg_hba.conf"

    as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgresql.log" -w -t 60 start >&2 ||
        false
    # pg_ctl -w already waited; confirm over TCP, the way clients will connect.
    local ready=0
    for _ in $(seq 1 100); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; then ready=1; break; fi
        sleep 0.1
    done
    [ "$ready" = 1 ] || { echo "postgres-throwaway: server not ready on 127.0.0.1:$port" >&2; false; }
    trap - ERR

    start_watchdog
    conn="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
    (umask 077 && printf '%s\n' "$conn" > "$DIR/connection-string")
    printf '%s\n' "$conn"
}

# Detached from our stdio (a caller reading stdout to EOF must not wait for it) and from our
# session (so it outlives the caller's process group).
start_watchdog() {
    local owner="${PG_THROWAWAY_OWNER_PID:-}"
    [ -n "$owner" ] || return 0
    [[ "$owner" =~ ^[0-9]+$ ]] || die "PG_THROWAWAY_OWNER_PID must be a process id, got '$owner'"
    setsid bash -c '
        owner="$1"; script="$2"; dir="$3"
        while kill -0 "$owner" 2>/dev/null && [ -e "$dir" ]; do sleep 2; done
        [ -e "$dir" ] && exec "$script" stop "$dir"
    ' pg-throwaway-watchdog "$owner" "$(realpath "$0")" "$DIR" </dev/null >/dev/null 2>&1 &
}

cmd_stop() {
    [ -e "$DIR" ] || return 0
    stop_cluster
    remove_dir
}

# pause/resume: an outage for tests of what a client does while the database is gone.
cmd_pause() {
    [ -e "$DIR/$MARKER" ] || die "'$DIR' is not a throwaway cluster directory"
    stop_cluster
}

cmd_resume() {
    [ -e "$DIR/$MARKER" ] || die "'$DIR' is not a throwaway cluster directory"
    as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgresql.log" -w -t 60 start >&2
}

[ $# -ge 2 ] || usage
action="$1"
DIR="$(resolve_dir "$2")"
PG_BIN="$(find_pg_bin)"
case "$action" in
    start) [ $# -eq 3 ] || usage; cmd_start "$3" ;;
    stop) [ $# -eq 2 ] || usage; cmd_stop ;;
    pause) [ $# -eq 2 ] || usage; cmd_pause ;;
    resume) [ $# -eq 2 ] || usage; cmd_resume ;;
    *) usage ;;
esac
