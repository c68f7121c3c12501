#!/usr/bin/env bash
# prometheus-throwaway.sh: a disposable Prometheus server for tests.
#
# Usage:
#   scripts/prometheus-throwaway.sh start DIR PORT TARGET   start a server with its files in DIR that
#                                                           scrapes http://TARGET/metrics every second;
#                                                           print its base URL on stdout
#                                                           (one line: http://127.0.0.1:PORT)
#   scripts/prometheus-throwaway.sh stop DIR                stop it and delete DIR
#
# TARGET is HOST:PORT of the server to scrape and must be on 127.0.0.1 (or localhost): tests never
# reach beyond this machine. DIR must lie below the system temp dir ($TMPDIR or /tmp): stop deletes
# it. Prometheus listens on 127.0.0.1:PORT only; its time series live in DIR/data and are gone with
# DIR. It runs as the calling user. Logs go to stderr (short) and DIR/prometheus.log (server);
# stdout carries only the result.
#
# Environment: PROMETHEUS_THROWAWAY_OWNER_PID=PID makes `start` leave a watchdog that stops the
# server and deletes DIR once process PID is gone, so a killed test process does not leak a server.
set -euo pipefail

MARKER=".atrium-prometheus-throwaway"

die() { echo "prometheus-throwaway: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

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

# is_our_server PID: true if PID is the prometheus started with DIR's config file.
is_our_server() {
    local cmdline
    cmdline="$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" || true)"
    [[ "$cmdline" == *prometheus*"--config.file=$DIR/prometheus.yml "* ]]
}

# SIGTERM is Prometheus' clean shutdown; SIGKILL only if it does not go within 10 s. The pid is
# checked first: a stale pid file can name a pid since reused by an unrelated process.
stop_server() {
    local pid
    [ -f "$DIR/prometheus.pid" ] || return 0
    pid="$(head -n1 "$DIR/prometheus.pid" 2>/dev/null || true)"
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

cmd_start() {
    local port="$1" target="$2" ready=0
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be 1-65535, got '$port'"
    [[ "$target" =~ ^(127\.0\.0\.1|localhost):[0-9]{1,5}$ ]] || die "TARGET must be 127.0.0.1:PORT, got '$target'"
    command -v prometheus >/dev/null 2>&1 || die "no prometheus on PATH (Debian package prometheus; run scripts/ensure-deps.sh)"
    command -v curl >/dev/null 2>&1 || die "no curl on PATH (run scripts/ensure-deps.sh)"

    if [ -e "$DIR" ]; then
        stop_server
        remove_dir
    fi
    mkdir -p -- "$DIR/data"
    touch "$DIR/$MARKER"
    chmod 700 "$DIR"

    on_fail() {
        echo "prometheus-throwaway: start failed; server log follows" >&2
        tail -n 40 "$DIR/prometheus.log" >&2 2>/dev/null || true
        stop_server
        rm -rf -- "$DIR"
    }
    trap on_fail ERR

    cat > "$DIR/prometheus.yml" <<CONF
# Atrium throwaway test server (scripts/prometheus-throwaway.sh).
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: atrium
    metrics_path: /metrics
    static_configs:
      - targets: ["$target"]
CONF

    # Detached (setsid, own stdio) so it outlives the caller's process group and a caller reading
    # our stdout to EOF does not wait for it.
    setsid prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
        --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=1h \
        --log.level=warn </dev/null >>"$DIR/prometheus.log" 2>&1 &
    echo $! > "$DIR/prometheus.pid"

    # Ready when /-/ready answers 200 and our process is still the one running.
    for _ in $(seq 1 300); do
        is_our_server "$(cat "$DIR/prometheus.pid")" || break
        if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then ready=1; break; fi
        sleep 0.1
    done
    [ "$ready" = 1 ] || { echo "prometheus-throwaway: server not ready on 127.0.0.1:$port" >&2; false; }
    trap - ERR

    start_watchdog
    printf 'http://127.0.0.1:%s\n' "$port"
}

start_watchdog() {
    local owner="${PROMETHEUS_THROWAWAY_OWNER_PID:-}"
    [ -n "$owner" ] || return 0
    [[ "$owner" =~ ^[0-9]+$ ]] || die "PROMETHEUS_THROWAWAY_OWNER_PID must be a process id, got '$owner'"
    setsid bash -c '
        owner="$1"; script="$2"; dir="$3"
        while kill -0 "$owner" 2>/dev/null && [ -e "$dir" ]; do sleep 2; done
        [ -e "$dir" ] && exec "$script" stop "$dir"
    ' prometheus-throwaway-watchdog "$owner" "$(realpath "$0")" "$DIR" </dev/null >/dev/null 2>&1 &
}

cmd_stop() {
    [ -e "$DIR" ] || return 0
    stop_server
    remove_dir
}

[ $# -ge 2 ] || usage
action="$1"
DIR="$(resolve_dir "$2")"
case "$action" in
    start) [ $# -eq 4 ] || usage; cmd_start "$3" "$4" ;;
    stop) [ $# -eq 2 ] || usage; cmd_stop ;;
    *) usage ;;
esac
