#!/usr/bin/env bash
# bench/run.sh: HTTP load benchmark of the Blog (RealWorld) API, end to end.
#
# Usage: bench/run.sh [--db sqlite|postgres] [--duration SECONDS] [--connections N]
#                     [--threads N] [--warmup SECONDS] [--redis] [--env NAME=VALUE]...
#
#   --db           sqlite (default): a fresh database file in a temp dir.
#                  postgres: $ATRIUM_BENCH_PG (an Npgsql connection string) if set, else a
#                  throwaway cluster from scripts/postgres-throwaway.sh, stopped at exit.
#   --duration     seconds of measured load per endpoint (default 10)
#   --connections  open connections (default 64)
#   --threads      wrk threads (default 2)
#   --warmup       seconds of unmeasured load on the same request before each measurement (default 3)
#   --redis        give the server a throwaway Redis (scripts/redis-throwaway.sh, stopped at exit)
#                  as ConnectionStrings__Redis: the cache's second level and shared tag stamps
#   --env          an extra server setting, repeatable (e.g. --env Atrium__Cache__Enabled=false)
#
# Steps: dotnet publish src/Atrium.Server (Release) into a temp dir; `Atrium.Server.dll migrate`;
# serve on a free 127.0.0.1 port in Production with a random signing key and Warning-level logs;
# bench/seed.py; then per endpoint a warm-up and a measured wrk run (scripts in bench/lua/).
# Prints a table and writes bench/results/latest.md (+ a dated copy, the raw wrk output and the
# server log). Exit status 3 when any benchmark saw non-2xx responses or socket errors.
# All traffic goes to 127.0.0.1. Builds into the checkout's bin/obj: run it in your own clone.
set -euo pipefail

DB=sqlite
DURATION=10
CONNECTIONS=64
THREADS=2
WARMUP=3
REDIS=0
EXTRA_ENV=()

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }
die() { echo "bench: $*" >&2; exit 1; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ]; }

while [ $# -gt 0 ]; do
    case "$1" in
        --db) DB="${2:-}"; shift 2 ;;
        --duration) DURATION="${2:-}"; shift 2 ;;
        --connections) CONNECTIONS="${2:-}"; shift 2 ;;
        --threads) THREADS="${2:-}"; shift 2 ;;
        --warmup) WARMUP="${2:-}"; shift 2 ;;
        --redis) REDIS=1; shift ;;
        --env) [[ "${2:-}" == ?*=* ]] || die "--env needs NAME=VALUE, got '${2:-}'"; EXTRA_ENV+=("$2"); shift 2 ;;
        -h|--help) usage ;;
        *) echo "bench: unknown argument '$1'" >&2; usage ;;
    esac
done
case "$DB" in sqlite|postgres) ;; *) die "--db must be sqlite or postgres, got '$DB'" ;; esac
for v in DURATION CONNECTIONS THREADS WARMUP; do
    is_uint "${!v}" || die "--${v,,} must be a positive integer, got '${!v}'"
done
# wrk needs at least one connection per thread.
[ "$CONNECTIONS" -ge "$THREADS" ] || die "--connections ($CONNECTIONS) must be >= --threads ($THREADS)"
for tool in dotnet wrk python3 curl git; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed"
done

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atrium-bench.XXXXXX")"
SERVER_PID=""
PG_DIR=""
PG_SCRIPT="$REPO/scripts/postgres-throwaway.sh"
REDIS_DIR=""
REDIS_SCRIPT="$REPO/scripts/redis-throwaway.sh"

# Stop what we started (server, then the PG cluster it used), keep the server log, drop the
# temp dir. Runs on every exit, including errors and Ctrl-C.
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        # Graceful shutdown is quick; do not wait forever for it.
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "$PG_DIR" ]; then
        "$PG_SCRIPT" stop "$PG_DIR" >/dev/null 2>&1 || echo "bench: could not stop the PostgreSQL cluster in $PG_DIR" >&2
    fi
    if [ -n "$REDIS_DIR" ]; then
        "$REDIS_SCRIPT" stop "$REDIS_DIR" >/dev/null 2>&1 || echo "bench: could not stop the Redis server in $REDIS_DIR" >&2
    fi
    [ ! -f "$WORK/server.log" ] || cp "$WORK/server.log" "$RESULTS/latest-server.log"
    rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT
# A signal ends the script through the EXIT trap, so the cleanup runs once.
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

step() { printf '\n== %s\n' "$*"; }

# Server log entries at warn level or above after line FROM: "COUNT LEVEL CATEGORY; ..." or "".
LOG_ENTRY_RE='^([0-9:.]+ )?(warn|fail|crit): '
log_entries_since() {  # FROM
    tail -n +"$(($1 + 1))" "$WORK/server.log" | grep -E "$LOG_ENTRY_RE" | sed -E "s/$LOG_ENTRY_RE/\2 /" |
        sort | uniq -c | awk '{printf "%s%d %s %s", (NR > 1 ? "; " : ""), $1, $2, $3}' || true
}
log_lines() { wc -l <"$WORK/server.log"; }

# Dies with the server's exit status (and the signal, if one ended it) when it is gone.
check_server() {  # WHEN
    kill -0 "$SERVER_PID" 2>/dev/null && return 0
    local status=0
    wait "$SERVER_PID" 2>/dev/null || status=$?
    SERVER_PID=""
    local how="exit status $status"
    [ "$status" -le 128 ] || how="$how, signal $((status - 128)) ($(kill -l $((status - 128)) 2>/dev/null || echo '?'))"
    echo "bench: THE SERVER DIED $1 ($how); last lines of its log:" >&2
    tail -n 40 "$WORK/server.log" >&2
    exit 1
}

# ---------------------------------------------------------------- build
step "publishing src/Atrium.Server (Release)"
# A cold restore + build takes ~1 min on 2 cores; 15 min means something is stuck.
if ! timeout 900 dotnet publish "$REPO/src/Atrium.Server" -c Release -o "$WORK/publish" -nologo \
        >"$WORK/publish.log" 2>&1; then
    tail -n 40 "$WORK/publish.log" >&2
    die "dotnet publish failed"
fi
COMMIT="$(git -C "$REPO" rev-parse --short HEAD)"
# A benchmark of uncommitted server code must say so.
[ -z "$(git -C "$REPO" status --porcelain -- src)" ] || COMMIT="$COMMIT+uncommitted-src-changes"

# ---------------------------------------------------------------- database
SERVER_ENV=(
    ASPNETCORE_ENVIRONMENT=Production
    "Atrium__DataDirectory=$WORK/data"
    "Atrium__Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0)"
    "Atrium__Images__SigningKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
    "Atrium__Identity__SigningKeys__0=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -outform DER 2>/dev/null | base64 -w0)"
    "Atrium__Identity__EncryptionKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
    Logging__LogLevel__Default=Warning
    # Timestamps, so a log entry can be matched to the benchmark phase that caused it.
    "Logging__Console__TimestampFormat=HH:mm:ss.fff "
)
if [ "$DB" = postgres ]; then
    if [ -n "${ATRIUM_BENCH_PG:-}" ]; then
        step "PostgreSQL: using \$ATRIUM_BENCH_PG"
        PG_CONN="$ATRIUM_BENCH_PG"
    else
        [ -x "$PG_SCRIPT" ] || die "--db postgres needs \$ATRIUM_BENCH_PG (a connection string) or $PG_SCRIPT"
        # Directly in /tmp: the cluster runs as the postgres user, which cannot enter our 0700 $WORK.
        PG_DIR="/tmp/atrium-bench-pg.$$"
        step "PostgreSQL: throwaway cluster in $PG_DIR"
        # The watchdog stops the cluster even if this script is killed before its trap runs.
        PG_CONN="$(PG_THROWAWAY_OWNER_PID=$$ "$PG_SCRIPT" start "$PG_DIR" "$(free_port)")"
    fi
    SERVER_ENV+=(Atrium__Database__Provider=Postgres "ConnectionStrings__Atrium=$PG_CONN")
fi

if [ "$REDIS" = 1 ]; then
    REDIS_DIR="/tmp/atrium-bench-redis.$$"
    step "Redis: throwaway server in $REDIS_DIR"
    SERVER_ENV+=("ConnectionStrings__Redis=$(REDIS_THROWAWAY_OWNER_PID=$$ "$REDIS_SCRIPT" start "$REDIS_DIR" "$(free_port)")")
fi
SERVER_ENV+=("${EXTRA_ENV[@]}")

step "migrating"
timeout 300 env "${SERVER_ENV[@]}" dotnet "$WORK/publish/Atrium.Server.dll" migrate >"$WORK/migrate.log" 2>&1 ||
    { cat "$WORK/migrate.log" >&2; die "migrate failed"; }

# ---------------------------------------------------------------- server
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
step "starting the server on $BASE"
(cd "$WORK/publish" && exec env "${SERVER_ENV[@]}" dotnet Atrium.Server.dll --urls "$BASE") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 150); do  # 30 s
    check_server "during startup"
    if curl -fsS --max-time 2 "$BASE/health/live" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.2
done
[ "$ready" = 1 ] || { tail -n 40 "$WORK/server.log" >&2; die "the server did not answer /health/live within 30 s"; }

# ---------------------------------------------------------------- seed
step "seeding"
SEED_MARK="$(log_lines)"
timeout 900 python3 "$BENCH_DIR/seed.py" "$BASE" --out "$WORK/seed.json" || { check_server "while seeding"; die "seeding failed"; }
python3 - "$WORK" <<'EOF'
import json, os, sys
work = sys.argv[1]
seed = json.load(open(os.path.join(work, "seed.json")))
with open(os.path.join(work, "slugs.txt"), "w") as f:
    f.write("\n".join(seed["slugs"]) + "\n")
for who in ("feed_user", "writer"):
    with open(os.path.join(work, who + ".token"), "w") as f:
        f.write(seed[who]["token"])
EOF
SEED_LOG="$(log_entries_since "$SEED_MARK")"
[ -z "$SEED_LOG" ] || echo "server log during seeding: $SEED_LOG"
FEED_TOKEN="$(cat "$WORK/feed_user.token")"
WRITER_TOKEN="$(cat "$WORK/writer.token")"

# ---------------------------------------------------------------- load
RESULT_LINES="$WORK/results.tsv"
RAW="$RESULTS/latest-wrk.txt"
ERRORS_TXT="$RESULTS/latest-errors.txt"
: >"$RESULT_LINES"
: >"$RAW"
rm -f "$ERRORS_TXT"

# One request the way wrk sent it, to show what a failing endpoint answers.
probe() {  # METHOD PATH TOKEN BODY
    local args=(-sS --max-time 10 -o "$WORK/probe.body" -w '%{http_code}' -X "$1" -H 'Accept: application/json')
    [ -z "$3" ] || args+=(-H "Authorization: Token $3")
    [ -z "$4" ] || args+=(-H 'Content-Type: application/json' --data "$4")
    local code
    code="$(curl "${args[@]}" "$BASE$2" 2>&1 || true)"
    echo "probe: $1 $2 -> HTTP $code: $(head -c 400 "$WORK/probe.body" 2>/dev/null || true)"
}

# measure NAME LABEL TOKEN SCRIPT PATH PROBE_METHOD PROBE_PATH PROBE_BODY [-- SCRIPT ARGS...]
measure() {
    local name="$1" label="$2" token="$3" script="$BENCH_DIR/lua/$4" url="$BASE$5"
    local probe_method="$6" probe_path="$7" probe_body="$8"
    shift 8
    local extra=("$@")  # "--" and the script's arguments, if any
    local out="$WORK/wrk-$name.txt" line
    printf '%-8s %s warm-up %ss ... ' "$name" "$(date +%T)" "$WARMUP"
    # Warm-up: JIT, connection pools and caches settle before we measure; its figures are dropped.
    # The create script takes a nonce as its first argument: give the warm-up its own.
    local warm_extra=("${extra[@]}")
    [ "$name" != create ] || warm_extra=(-- "${extra[1]}-warm")
    BENCH_TOKEN="$token" timeout $((WARMUP + 60)) \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$script" "$url" "${warm_extra[@]}" \
        >"$WORK/wrk-$name-warmup.txt" 2>&1 || { check_server "in the warm-up of $label"; cat "$WORK/wrk-$name-warmup.txt" >&2; die "wrk warm-up of $name failed"; }
    # Requests cut off when wrk stops are logged up to ~1 s later: let them land before the mark.
    sleep 2
    check_server "in the warm-up of $label"
    printf '%s measuring %ss ... ' "$(date +%T)" "$DURATION"
    # Where the server log stands, so an error report shows only what this run logged.
    local log_mark
    log_mark="$(log_lines)"
    BENCH_TOKEN="$token" timeout $((DURATION + 60)) \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$script" "$url" "${extra[@]}" \
        >"$out" 2>&1 || { check_server "while measuring $label"; cat "$out" >&2; die "wrk run of $name failed"; }
    check_server "while measuring $label"
    # After a pause, so entries logged as wrk hung up on in-flight requests count for this run.
    sleep 2
    local run_log
    run_log="$(log_entries_since "$log_mark")"
    { echo "### $label"; cat "$out"; echo; } >>"$RAW"
    line="$(grep '^BENCH_RESULT ' "$out" | head -n1 | cut -d' ' -f2-)" || true
    [ -n "$line" ] || { cat "$out" >&2; die "no BENCH_RESULT line in wrk's output for $name"; }
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%s %.0f req/s" % (sys.argv[2], r["requests"]/(r["duration_us"]/1e6)))' "$line" "$(date +%T)"
    # Errors: say it here, loudly, with what the endpoint answers and what the server logged.
    if grep -q 'Non-2xx or 3xx responses\|Socket errors' "$out"; then
        {
            echo "!!! $label: errors during the measured run"
            grep 'Non-2xx or 3xx responses\|Socket errors' "$out"
            probe "$probe_method" "$probe_path" "$token" "$probe_body"
            echo "server log during the run (${run_log:-no warn/fail/crit entries}; first 30 lines):"
            tail -n +"$((log_mark + 1))" "$WORK/server.log" | head -n 30
            echo
        } | tee -a "$ERRORS_TXT" >&2
    fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$label" "$line" "$run_log" >>"$RESULT_LINES"
    sleep 1
}

# The 1-minute load average before and after: other work on the machine shows up here.
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
step "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up each)"
FIRST_SLUG="$(head -n1 "$WORK/slugs.txt")"
NONCE="$(date +%s)-$$"
PROBE_BODY='{"article":{"title":"bench probe '"$NONCE"'","description":"d","body":"b","tagList":["probe"]}}'
measure list    "GET /api/articles?limit=20"      ""              plain.lua        "/api/articles?limit=20" \
    GET "/api/articles?limit=20" ""
measure article "GET /api/articles/{slug}"        ""              get_article.lua  "" \
    GET "/api/articles/$FIRST_SLUG" "" -- "$WORK/slugs.txt"
measure feed    "GET /api/articles/feed?limit=20" "$FEED_TOKEN"   feed.lua         "/api/articles/feed?limit=20" \
    GET "/api/articles/feed?limit=20" ""
measure tags    "GET /api/tags"                   ""              plain.lua        "/api/tags" \
    GET "/api/tags" ""
# Last: it grows the articles table, which would change what the reads above measure.
measure create  "POST /api/articles"              "$WRITER_TOKEN" create_article.lua "" \
    POST "/api/articles" "$PROBE_BODY" -- "$NONCE"

check_server "after the benchmarks"
LOAD_AFTER="$(cut -d' ' -f1 /proc/loadavg)"
RSS_KB="$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)"

# ---------------------------------------------------------------- report
# The label says what the server ran with: "sqlite+redis Atrium__Cache__Enabled=false".
DB_LABEL="$DB"
[ "$REDIS" = 0 ] || DB_LABEL+="+redis"
[ "${#EXTRA_ENV[@]}" -eq 0 ] || DB_LABEL+=" ${EXTRA_ENV[*]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
rc=0
python3 "$BENCH_DIR/report.py" --results "$RESULT_LINES" --markdown "$RESULTS/latest.md" \
    --db "$DB_LABEL" --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
    --seed-json "$WORK/seed.json" --commit "$COMMIT" --rss-kb "${RSS_KB:-0}" \
    --load "$LOAD_BEFORE -> $LOAD_AFTER" --seed-log "$SEED_LOG" || rc=$?
cp "$RESULTS/latest.md" "$RESULTS/$STAMP-$DB.md"
if [ "$rc" -ne 0 ]; then
    echo "bench: errors during the benchmark; details in $ERRORS_TXT and $RESULTS/latest-server.log" >&2
fi
exit "$rc"
