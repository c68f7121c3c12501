#!/usr/bin/env bash
# realworld.sh: run the official RealWorld (Conduit) API suite against the published server.
#
# Usage: scripts/realworld.sh [sqlite|postgres|all]        (default: all)
#
# Publishes src/Atrium.Server once (Release), then for each database provider starts it the way
# production does: a fresh data directory, ASPNETCORE_ENVIRONMENT=Production, a random signing
# key per run, and for postgres a throwaway cluster (scripts/postgres-throwaway.sh). Migrations
# are applied explicitly (`Atrium.Server.dll migrate`, must exit 0) before the server starts, so a
# migration bug shows as such and not as a suite failure. Then the suite from ../shared runs
# against http://127.0.0.1:PORT/api.
#
# Output: per provider the suite's closing line, and as the last line the sum over providers:
#   N passed, M failed
# A provider that cannot be set up (migrate fails, server never healthy) counts as 1 failed.
# Exit status: 0 only when every provider's suite passed.
#
# Logs (publish, migrate, server, suite reports) stay in artifacts/realworld/ for diagnosis.
# Environment: RW_TIMEOUT (seconds per suite folder, default 120 here),
#              ATRIUM_RW_SUITE_TIMEOUT (seconds for a whole suite run, default 900).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shared/ sits beside the repo root (as in CI); ATRIUM_SHARED_DIR points elsewhere for other clones.
SUITE="${ATRIUM_SHARED_DIR:-$REPO/../shared}/tools/realworld-suite.sh"
ARTIFACTS="$REPO/artifacts/realworld"
SUITE_TIMEOUT="${ATRIUM_RW_SUITE_TIMEOUT:-900}"
# The suite's default (300 s per folder, 13 folders) would let one hung server eat CI's budget.
export RW_TIMEOUT="${RW_TIMEOUT:-120}"

case "${1:-all}" in
    sqlite) providers=(sqlite) ;;
    postgres) providers=(postgres) ;;
    all) providers=(sqlite postgres) ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "realworld.sh: unknown provider '$1' (sqlite|postgres|all)" >&2; exit 2 ;;
esac

[ -f "$SUITE" ] || { echo "realworld.sh: suite runner not found at $SUITE" >&2; echo "0 passed, 1 failed"; exit 1; }
"$REPO/scripts/ensure-deps.sh" --realworld ||
    { echo "realworld.sh: scripts/ensure-deps.sh failed" >&2; echo "0 passed, 1 failed"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/atrium-realworld.XXXXXX")"
server_pid=""
suite_pid=""
pg_dir=""

# is_our_server: true while $server_pid is still our server. Once the server has exited and been
# reaped, its pid may belong to an unrelated process, which must never get our signals.
is_our_server() {
    [[ "$(tr '\0' ' ' 2>/dev/null < "/proc/$server_pid/cmdline" || true)" == *"Atrium.Server.dll --urls"* ]]
}
stop_server() {
    [ -n "$server_pid" ] || return 0
    if is_our_server; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do is_our_server || break; sleep 0.1; done
        if is_our_server; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}
# On an interrupt: end the suite's pipeline (timeout passes the signal on to the runner).
stop_suite() {
    [ -n "$suite_pid" ] || return 0
    pkill -TERM -P "$suite_pid" 2>/dev/null || true
    kill -TERM "$suite_pid" 2>/dev/null || true
    wait "$suite_pid" 2>/dev/null || true
    suite_pid=""
}
stop_postgres() {
    [ -n "$pg_dir" ] || return 0
    "$REPO/scripts/postgres-throwaway.sh" stop "$pg_dir" || true
    pg_dir=""
}
# Whatever happens (failure, Ctrl-C), leave no server, cluster or temp dir behind.
cleanup() {
    stop_suite
    stop_server
    stop_postgres
    rm -rf -- "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rm -rf -- "$ARTIFACTS"
mkdir -p -- "$ARTIFACTS"

echo "realworld: publishing src/Atrium.Server (Release) ..."
if ! dotnet publish "$REPO/src/Atrium.Server/Atrium.Server.csproj" -c Release -o "$WORK/server" \
        > "$ARTIFACTS/publish.log" 2>&1; then
    grep -E ': (error|warning) ' "$ARTIFACTS/publish.log" | sort -u | head -n 30 || tail -n 30 "$ARTIFACTS/publish.log"
    echo "realworld: publish failed (log: $ARTIFACTS/publish.log)"
    echo "0 passed, 1 failed"
    exit 1
fi

total_passed=0
total_failed=0
summaries=()

# run_provider NAME: sets provider_passed / provider_failed / provider_line.
run_provider() {
    local name="$1" out="$ARTIFACTS/$1" data="$WORK/$1-data" port key conn="" rc line
    provider_passed=0 provider_failed=1 provider_line="setup failed"
    mkdir -p -- "$out" "$data"
    port="$(free_port)"
    # A fresh signing key per run: the server requires one outside Development. Never printed.
    key="$(head -c 48 /dev/urandom | base64 -w0)"

    local -a server_env=(
        ASPNETCORE_ENVIRONMENT=Production
        "Atrium__DataDirectory=$data"
        "Atrium__Auth__SigningKey=$key"
        "Atrium__Images__SigningKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
        "Atrium__Identity__SigningKeys__0=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -outform DER 2>/dev/null | base64 -w0)"
        "Atrium__Identity__EncryptionKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
    )
    if [ "$name" = postgres ]; then
        # A free port can be taken by someone else before the server binds it: try a few.
        for _ in 1 2 3; do
            # Directly in the temp dir: the cluster runs as the postgres user, who cannot enter $WORK.
            pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/atrium-rw-pg.XXXXXX")"
            if conn="$(PG_THROWAWAY_OWNER_PID=$$ "$REPO/scripts/postgres-throwaway.sh" start "$pg_dir" "$(free_port)" 2>> "$out/postgres.log")"; then
                break
            fi
            stop_postgres
            conn=""
        done
        if [ -z "$conn" ]; then
            cat "$out/postgres.log"
            provider_line="PostgreSQL did not start"
            return 0
        fi
        server_env+=(Atrium__Database__Provider=Postgres "ConnectionStrings__Atrium=$conn")
    else
        server_env+=(Atrium__Database__Provider=Sqlite)
    fi
    # Called in a subshell, which it turns into the server process. The publish dir is the content
    # root (appsettings.json) of a published app. The settings travel in the environment, not on
    # a command line where `ps` would show the key; a developer's own settings must not leak in.
    server_exec() {
        cd "$WORK/server"
        unset ConnectionStrings__Atrium DOTNET_ENVIRONMENT
        export "${server_env[@]}"
        exec dotnet Atrium.Server.dll "$@"
    }

    echo "realworld[$name]: applying migrations ..."
    if ! (server_exec migrate) > "$out/migrate.log" 2>&1; then
        tail -n 40 "$out/migrate.log"
        provider_line="migrate failed (log: $out/migrate.log)"
        return 0
    fi

    echo "realworld[$name]: starting the server on 127.0.0.1:$port ..."
    # exec all the way down, so $! is the server process itself and stop_server's signal reaches it.
    (server_exec --urls "http://127.0.0.1:$port") > "$out/server.log" 2>&1 &
    server_pid=$!
    local healthy=0 deadline=$((SECONDS + 60))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/live" || true)" = 200 ]; then
            healthy=1
            break
        fi
        is_our_server || break
        sleep 0.5
    done
    if [ "$healthy" != 1 ]; then
        if is_our_server; then
            echo "realworld[$name]: the server did not answer GET /health/live with 200 within 60 s; its log:"
        else
            echo "realworld[$name]: the server exited before it was healthy; its log:"
        fi
        tail -n 60 "$out/server.log"
        provider_line="server not healthy (log: $out/server.log)"
        return 0
    fi

    # In the background and waited for: bash runs a trap only between foreground commands, so
    # this keeps an interrupt from waiting out the whole suite. tee streams while keeping a copy.
    (
        set +e
        RW_REPORT_DIR="$out/reports" timeout "$SUITE_TIMEOUT" \
            bash "$SUITE" "http://127.0.0.1:$port/api" 2>&1 | tee "$out/suite.log"
        echo "${PIPESTATUS[0]}" > "$out/suite.status"
    ) &
    suite_pid=$!
    wait "$suite_pid" || true
    suite_pid=""
    rc="$(cat "$out/suite.status" 2>/dev/null || echo 1)"
    line="$(grep -a -E '^realworld: [0-9]+ passed, [0-9]+ failed$' "$out/suite.log" | tail -n 1 || true)"
    if [ -n "$line" ]; then
        provider_passed="$(sed -E 's/^realworld: ([0-9]+) passed.*/\1/' <<<"$line")"
        provider_failed="$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")"
        provider_line="$line"
        # The suite exits non-zero on its own errors too; never report such a run as green.
        if [ "$rc" -ne 0 ] && [ "$provider_failed" -eq 0 ]; then provider_failed=1; fi
    else
        provider_line="suite gave no result (exit $rc$([ "$rc" = 124 ] && echo ", timed out"))"
    fi
    if ! is_our_server; then
        echo "realworld[$name]: the server was gone by the end of the suite; the end of its log:"
        tail -n 20 "$out/server.log"
        if [ "$provider_failed" -eq 0 ]; then provider_failed=1; fi
    fi
    # Unhandled exceptions are bugs even where the suite happened to accept the response.
    local crashes
    crashes="$(grep -a -c -E 'Unhandled exception|An unhandled exception' "$out/server.log" || true)"
    [ "${crashes:-0}" -eq 0 ] || echo "realworld[$name]: note: the server logged $crashes unhandled exception(s); see $out/server.log"
}

for provider in "${providers[@]}"; do
    run_provider "$provider"
    stop_server
    stop_postgres
    summaries+=("$provider: $provider_line")
    total_passed=$((total_passed + provider_passed))
    total_failed=$((total_failed + provider_failed))
done

for s in "${summaries[@]}"; do echo "$s"; done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]
