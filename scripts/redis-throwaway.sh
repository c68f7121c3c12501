#!/usr/bin/env bash
# redis-throwaway.sh: a disposable Redis server for tests.
#
# Usage:
#   scripts/redis-throwaway.sh start DIR PORT   start a server with its files in DIR; print its
#                                               StackExchange.Redis connection string on stdout
#                                               (one line: 127.0.0.1:PORT,password=...)
#   scripts/redis-throwaway.sh stop DIR         stop it and delete DIR
#   scripts/redis-throwaway.sh pause DIR        stop the server but keep DIR (an outage)
#   scripts/redis-throwaway.sh resume DIR       start a paused server again, same port and password
#
# DIR must lie below the system temp dir ($TMPDIR or /tmp): stop deletes it, and a throwaway
# server has no business anywhere else. The server listens on 127.0.0.1:PORT only, with
# protected-mode on and a random password (requirepass) generated per server; the password appears
# only in the printed connection string, DIR/redis.conf and DIR/connection-string (both mode 600),
# never on a command line or in logs. Nothing is persisted (no RDB snapshots, no AOF): the data
# lives in memory and is gone when the server stops. It runs as the calling user; Redis does not
# mind root. Logs go to stderr (short) and DIR/redis.log (server); stdout carries only the result.
#
# Environment: REDIS_THROWAWAY_OWNER_PID=PID makes `start` leave a watchdog that stops the server
# and deletes DIR once process PID is gone, so a test process that is killed (no chance to run its
# own `stop`) does not leak a running server.
set -euo pipefail

MARKER=".atrium-redis-throwaway"
# Databases a server offers. Redis's default is 16; tests lease one each
# (tests/Atrium.Testing/RedisServer.cs), so more means more tests in parallel. An empty database
# costs next to nothing.
DATABASES=64

die() { echo "redis-throwaway: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

# Resolve DIR to an absolute path and refuse anything outside the temp dir, since stop deletes it.
# The path is written into redis.conf unquoted, so keep it to characters that need no quoting.
resolve_dir() {
    local dir tmp ok=0
    dir="$(realpath -m -- "$1")"
    for tmp in "${TMPDIR:-/tmp}" /tmp; do
        tmp="$(realpath -m -- "$tmp")"
        case "$dir" in "$tmp"/?*) ok=1 ;; esac
    done
    [ "$ok" = 1 ] || die "DIR must be below the temp dir (${TMPDIR:-/tmp}), got '$1'"
    [ ! -L "$1" ] || die "DIR must not be a symlink: '$1'"
    [[ "$dir" =~ ^[A-Za-z0-9._/-]+$ ]] || die "DIR may hold only letters, digits and . _ - /: '$dir'"
    echo "$dir"
}

# is_our_server PID: true if PID is the redis-server started from DIR/redis.conf. The server
# rewrites its command line (proc-title-template below) to name that file.
is_our_server() {
    local cmdline
    cmdline="$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" || true)"
    [[ "$cmdline" == *redis-server*" $DIR/redis.conf"* ]]
}

# Stop whatever server DIR holds; quiet when there is none. SIGTERM is Redis's clean shutdown
# (with persistence off it saves nothing); SIGKILL only if it does not go within 10 s. The pid is
# checked first: a stale pid file can name a pid since reused by an unrelated process.
stop_server() {
    local pid
    [ -f "$DIR/redis.pid" ] || return 0
    pid="$(head -n1 "$DIR/redis.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && is_our_server "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do is_our_server "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do is_our_server "$pid" || return 0; sleep 0.1; done
}

# Delete DIR, but only if it is ours (marker) or empty: never someone else's files.
remove_dir() {
    [ -e "$DIR" ] || return 0
    if [ -e "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR")" ]; then
        rm -rf -- "$DIR"
    else
        die "'$DIR' is not a throwaway server directory (no $MARKER); not deleting it"
    fi
}

# redis-cli against the server, the password passed through the environment (not argv, where
# `ps` would show it).
cli() {
    REDISCLI_AUTH="$password" redis-cli --no-auth-warning -h 127.0.0.1 -p "$port" "$@"
}

cmd_start() {
    port="$1"
    local conn ready=0 info
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be 1-65535, got '$port'"
    command -v redis-server >/dev/null 2>&1 || die "no redis-server on PATH (run scripts/ensure-deps.sh)"
    command -v redis-cli >/dev/null 2>&1 || die "no redis-cli on PATH (package redis-tools; run scripts/ensure-deps.sh)"

    # A leftover from an earlier run (crashed test process, killed script): stop and wipe it.
    if [ -e "$DIR" ]; then
        stop_server
        remove_dir
    fi
    mkdir -p -- "$DIR"
    touch "$DIR/$MARKER"
    chmod 700 "$DIR"

    # Letters and digits only, so the password needs no quoting in a connection string or config.
    password="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)"

    # on_fail: show the server log, then leave nothing behind.
    on_fail() {
        echo "redis-throwaway: start failed; server log follows" >&2
        tail -n 40 "$DIR/redis.log" >&2 2>/dev/null || true
        stop_server
        rm -rf -- "$DIR"
    }
    trap on_fail ERR

    (umask 077 && cat > "$DIR/redis.conf") <<EOF
# Atrium throwaway test server (scripts/redis-throwaway.sh). Holds the password: mode 600.
bind 127.0.0.1
port $port
protected-mode yes
requirepass $password
daemonize yes
pidfile $DIR/redis.pid
dir $DIR
logfile $DIR/redis.log
loglevel warning
always-show-logo no
# The command line names this file, so stop can tell our server from a reused pid.
proc-title-template "{title} {listen-addr} {config-file}"
databases $DATABASES
# Nothing is kept: no snapshots, no append-only file, nothing written on shutdown.
save ""
appendonly no
EOF

    # With daemonize, redis-server returns once it has forked; a failure to bind shows up as the
    # server never answering.
    redis-server "$DIR/redis.conf" </dev/null >/dev/null 2>>"$DIR/redis.log"

    # Ready when our server answers: INFO's config_file tells it from another Redis that might
    # hold the port (a PING alone would be answered by any server without a password).
    for _ in $(seq 1 100); do
        info="$(cli INFO server 2>/dev/null || true)"
        if grep -qxF "config_file:$DIR/redis.conf"$'\r' <<<"$info"; then ready=1; break; fi
        grep -q 'Could not create server TCP listening socket' "$DIR/redis.log" 2>/dev/null && break
        sleep 0.1
    done
    [ "$ready" = 1 ] || { echo "redis-throwaway: server not ready on 127.0.0.1:$port" >&2; false; }
    [ "$(cli PING)" = PONG ] || { echo "redis-throwaway: server on 127.0.0.1:$port does not answer PING" >&2; false; }
    trap - ERR

    start_watchdog
    conn="127.0.0.1:$port,password=$password"
    (umask 077 && printf '%s\n' "$conn" > "$DIR/connection-string")
    printf '%s\n' "$conn"
}

# Detached from our stdio (a caller reading stdout to EOF must not wait for it) and from our
# session (so it outlives the caller's process group).
start_watchdog() {
    local owner="${REDIS_THROWAWAY_OWNER_PID:-}"
    [ -n "$owner" ] || return 0
    [[ "$owner" =~ ^[0-9]+$ ]] || die "REDIS_THROWAWAY_OWNER_PID must be a process id, got '$owner'"
    setsid bash -c '
        owner="$1"; script="$2"; dir="$3"
        while kill -0 "$owner" 2>/dev/null && [ -e "$dir" ]; do sleep 2; done
        [ -e "$dir" ] && exec "$script" stop "$dir"
    ' redis-throwaway-watchdog "$owner" "$(realpath "$0")" "$DIR" </dev/null >/dev/null 2>&1 &
}

cmd_stop() {
    [ -e "$DIR" ] || return 0
    stop_server
    remove_dir
}

# pause/resume: an outage for tests of what a client does while Redis is gone.
cmd_pause() {
    [ -e "$DIR/$MARKER" ] || die "'$DIR' is not a throwaway server directory"
    stop_server
}

cmd_resume() {
    [ -e "$DIR/$MARKER" ] || die "'$DIR' is not a throwaway server directory"
    port="$(sed -n 's/^port //p' "$DIR/redis.conf")"
    password="$(sed -n 's/^requirepass //p' "$DIR/redis.conf")"
    redis-server "$DIR/redis.conf" </dev/null >/dev/null 2>>"$DIR/redis.log"
    for _ in $(seq 1 100); do
        [ "$(cli PING 2>/dev/null || true)" = PONG ] && return 0
        sleep 0.1
    done
    die "server not ready on 127.0.0.1:$port after resume"
}

[ $# -ge 2 ] || usage
action="$1"
DIR="$(resolve_dir "$2")"
case "$action" in
    start) [ $# -eq 3 ] || usage; cmd_start "$3" ;;
    stop) [ $# -eq 2 ] || usage; cmd_stop ;;
    pause) [ $# -eq 2 ] || usage; cmd_pause ;;
    resume) [ $# -eq 2 ] || usage; cmd_resume ;;
    *) usage ;;
esac
