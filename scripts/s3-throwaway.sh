#!/usr/bin/env bash
# s3-throwaway.sh: a disposable S3-compatible server (s3rver, from the npm registry) for tests.
#
# Usage:
#   scripts/s3-throwaway.sh start DIR PORT BUCKET   start a server keeping its objects in DIR, with BUCKET
#                                                   created; print its endpoint (http://127.0.0.1:PORT)
#   scripts/s3-throwaway.sh stop DIR                stop it and delete DIR
#   scripts/s3-throwaway.sh install                 install s3rver into the tools cache (ensure-deps does)
#
# s3rver speaks the S3 REST API (signature V4, path-style addressing) with the fixed credentials
# S3RVER / S3RVER; it listens on 127.0.0.1 only. DIR must lie below the temp dir: stop deletes it.
# The package is installed once, pinned, into ${ATRIUM_TOOLS:-~/.cache/atrium-tools}/s3rver-VERSION.
#
# Environment: S3_THROWAWAY_OWNER_PID=PID makes `start` leave a watchdog that stops the server
# and deletes DIR once process PID is gone.
set -euo pipefail

VERSION=3.7.1
SELF="$(realpath -- "$0")"
TOOLS="${ATRIUM_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/atrium-tools}/s3rver-$VERSION"
BIN="$TOOLS/node_modules/.bin/s3rver"

die() { echo "s3-throwaway: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

install_s3rver() {
    [ -x "$BIN" ] && return 0
    command -v npm >/dev/null 2>&1 || die "npm is missing (scripts/ensure-deps.sh installs it)"
    mkdir -p -- "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "s3rver@$VERSION" >&2
    [ -x "$BIN" ] || die "s3rver did not install into $TOOLS"
}

resolve_dir() {
    local dir tmp ok=0
    dir="$(realpath -m -- "$1")"
    for tmp in "${TMPDIR:-/tmp}" /tmp; do
        tmp="$(realpath -m -- "$tmp")"
        case "$dir" in "$tmp"/?*) ok=1 ;; esac
    done
    [ "$ok" = 1 ] || die "DIR must be below the temp dir, got '$1'"
    echo "$dir"
}

stop_server() {
    local pid
    [ -f "$DIR/s3rver.pid" ] || return 0
    pid="$(head -n1 "$DIR/s3rver.pid")"
    # Only the node process started for this DIR (its command line names DIR/objects).
    if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/objects"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

case "${1:-}" in
    install)
        install_s3rver
        ;;
    start)
        [ $# -eq 4 ] || usage
        DIR="$(resolve_dir "$2")"; PORT="$3"; BUCKET="$4"
        [[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a number"
        [[ "$BUCKET" =~ ^[a-z0-9][a-z0-9.-]{2,62}$ ]] || die "BUCKET is not a valid bucket name"
        install_s3rver
        mkdir -p -- "$DIR/objects"
        touch "$DIR/.atrium-s3-throwaway"
        "$BIN" --directory "$DIR/objects" --address 127.0.0.1 --port "$PORT" --configure-bucket "$BUCKET" \
            > "$DIR/s3rver.log" 2>&1 < /dev/null &
        echo $! > "$DIR/s3rver.pid"
        for _ in $(seq 1 100); do
            if grep -q "listening" "$DIR/s3rver.log" 2>/dev/null; then
                if [ -n "${S3_THROWAWAY_OWNER_PID:-}" ]; then
                    ( while kill -0 "$S3_THROWAWAY_OWNER_PID" 2>/dev/null; do sleep 2; done
                      "$SELF" stop "$DIR" >/dev/null 2>&1 ) > /dev/null 2>&1 < /dev/null &
                fi
                echo "http://127.0.0.1:$PORT"
                exit 0
            fi
            kill -0 "$(cat "$DIR/s3rver.pid")" 2>/dev/null || break
            sleep 0.1
        done
        tail -n 20 "$DIR/s3rver.log" >&2 || true
        stop_server
        die "s3rver did not start on port $PORT"
        ;;
    stop)
        [ $# -eq 2 ] || usage
        DIR="$(resolve_dir "$2")"
        stop_server
        if [ -e "$DIR/.atrium-s3-throwaway" ]; then rm -rf -- "$DIR"; fi
        ;;
    *)
        usage
        ;;
esac
