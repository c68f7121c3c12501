#!/usr/bin/env bash
# bench/weather/run.sh: the weather API's cache under load, against a local fake Open-Meteo.
#
# Usage: bench/weather/run.sh [--duration SECONDS] [--warmup SECONDS] [--connections N] [--threads N] [--burst N] [--env NAME=VALUE]...
#
#   --duration     seconds of measured wrk load on a cache hit (default 10)
#   --warmup       seconds of unmeasured wrk load first, so tiered JIT has settled (default 15)
#   --connections  wrk connections (default 64)
#   --threads      wrk threads (default 2)
#   --burst        concurrent identical misses fired at once (default 200)
#   --env          an extra server setting, repeatable
#
# Steps: dotnet publish src/Atrium.Server (Release); start bench/weather/fake_open_meteo.py on a free
# 127.0.0.1 port (answers after 200 ms, counts calls); migrate; serve in Production (SQLite, Warning
# logs) with Atrium__Weather__ForecastBaseUrl at the fake and the weather anonymous quota raised out
# of the way; then
#   1. cache hit: one request primes the entry, then wrk -c64 on it (warm-up, then measured);
#   1b. the floor: bare Kestrel (bench/weather/floor.cs) serving the same answer bytes, same wrk;
#   2. miss burst: --burst concurrent requests for one uncached forecast, and the upstream calls it made;
#   3. spread burst: 20 uncached forecasts x 10 concurrent requests each, and the upstream calls.
# Prints the figures and writes bench/weather/results/latest.md. All traffic goes to 127.0.0.1.
set -euo pipefail

DURATION=10
WARMUP=15
CONNECTIONS=64
THREADS=2
BURST=200
EXTRA_ENV=()
die() { echo "bench/weather: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION="${2:-}"; shift 2 ;;
        --warmup) WARMUP="${2:-}"; shift 2 ;;
        --connections) CONNECTIONS="${2:-}"; shift 2 ;;
        --threads) THREADS="${2:-}"; shift 2 ;;
        --burst) BURST="${2:-}"; shift 2 ;;
        --env) [[ "${2:-}" == ?*=* ]] || die "--env needs NAME=VALUE"; EXTRA_ENV+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
        *) die "unknown argument '$1'" ;;
    esac
done
for tool in dotnet wrk python3 curl; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/atrium-weather-bench.XXXXXX")"
SERVER_PID=""
FAKE_PID=""
FLOOR_PID=""
cleanup() {
    trap - EXIT INT TERM
    for pid in "$SERVER_PID" "$FAKE_PID" "$FLOOR_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf -- "$WORK"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
step() { echo "== $*" >&2; }
wrk_figures() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = float(re.match(r"[\d.]+", v).group()), re.search(r"[a-z]+", v).group()
    return n * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(rps, f"{p50:.2f}", f"{p99:.2f}", non2xx.group(1) if non2xx else 0)
PY
}

step "publishing src/Atrium.Server (Release)"
timeout 900 dotnet publish "$REPO/src/Atrium.Server" -c Release -o "$WORK/publish" -nologo >"$WORK/publish.log" 2>&1 ||
    { tail -n 40 "$WORK/publish.log" >&2; die "dotnet publish failed"; }

FAKE_PORT="$(free_port)"
step "fake Open-Meteo on 127.0.0.1:$FAKE_PORT"
python3 "$HERE/fake_open_meteo.py" "$FAKE_PORT" --delay 0.2 &
FAKE_PID=$!
UPSTREAM="http://127.0.0.1:$FAKE_PORT"
for _ in $(seq 50); do curl -fsS --max-time 1 "$UPSTREAM/calls" >/dev/null 2>&1 && break; sleep 0.1; done
calls() { curl -fsS "$UPSTREAM/calls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])'; }

SERVER_ENV=(
    ASPNETCORE_ENVIRONMENT=Production
    "Atrium__DataDirectory=$WORK/data"
    "Atrium__Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0)"
    # The all-in-one server mounts the image service, which needs a signing key outside Development.
    "Atrium__Images__SigningKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
    "Atrium__Identity__SigningKeys__0=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -outform DER 2>/dev/null | base64 -w0)"
    "Atrium__Identity__EncryptionKeys__0=$(head -c 32 /dev/urandom | base64 -w0)"
    Logging__LogLevel__Default=Warning
    "Atrium__Weather__ForecastBaseUrl=$UPSTREAM"
    "Atrium__Weather__GeocodingBaseUrl=$UPSTREAM"
    # wrk comes from one address: the anonymous weather quota would measure the limiter, not the cache.
    Atrium__Weather__AnonymousQuota__PermitLimit=2000000000
    "${EXTRA_ENV[@]}"
)
step "migrating"
timeout 300 env "${SERVER_ENV[@]}" dotnet "$WORK/publish/Atrium.Server.dll" migrate >"$WORK/migrate.log" 2>&1 ||
    { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
step "starting the server on $BASE"
(cd "$WORK/publish" && exec env "${SERVER_ENV[@]}" dotnet Atrium.Server.dll --urls "$BASE") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do curl -fsS --max-time 2 "$BASE/health/live" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS --max-time 2 "$BASE/health/live" >/dev/null || { tail -n 40 "$WORK/server.log" >&2; die "the server did not start"; }

HIT="$BASE/v1/forecast?latitude=52.52&longitude=13.41&hourly=temperature_2m"
step "1. cache hit: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
curl -fsS "$HIT" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$HIT" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s "$HIT" | tee "$WORK/wrk.txt"
read -r RPS P50 P99 NON2XX < <(wrk_figures "$WORK/wrk.txt")

step "1b. the floor: bare Kestrel serving the same answer, same wrk"
curl -fsS "$HIT" -o "$WORK/answer.json"
timeout 600 dotnet publish "$HERE/floor.cs" -c Release -o "$WORK/floor" -nologo >"$WORK/floor-publish.log" 2>&1 ||
    { tail -n 40 "$WORK/floor-publish.log" >&2; die "publishing the floor server failed"; }
FLOOR_PORT="$(free_port)"
dotnet "$WORK/floor/floor.dll" "$WORK/answer.json" --urls "http://127.0.0.1:$FLOOR_PORT" >"$WORK/floor.log" 2>&1 &
FLOOR_PID=$!
FLOOR="http://127.0.0.1:$FLOOR_PORT/v1/forecast"
for _ in $(seq 100); do curl -fsS --max-time 1 "$FLOOR" >/dev/null 2>&1 && break; sleep 0.1; done
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$FLOOR" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s "$FLOOR" | tee "$WORK/wrk-floor.txt"
kill -TERM "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; FLOOR_PID=""
read -r FLOOR_RPS FLOOR_P50 FLOOR_P99 _ < <(wrk_figures "$WORK/wrk-floor.txt")

step "2. miss burst: $BURST concurrent requests for one uncached forecast"
before="$(calls)"
MISS="$BASE/v1/forecast?latitude=48.85&longitude=2.35&hourly=temperature_2m"
BURST_STATUS="$(python3 "$HERE/burst.py" $(for _ in $(seq "$BURST"); do echo "$MISS"; done))"
BURST_CALLS=$(( $(calls) - before ))

step "3. spread burst: 20 uncached forecasts x 10 concurrent requests"
before="$(calls)"
URLS=()
for i in $(seq 20); do for _ in $(seq 10); do URLS+=("$BASE/v1/forecast?latitude=40.$((10 + i))&longitude=10.5&hourly=temperature_2m"); done; done
SPREAD_STATUS="$(python3 "$HERE/burst.py" "${URLS[@]}")"
SPREAD_CALLS=$(( $(calls) - before ))

mkdir -p "$HERE/results"
{
    echo "# Weather bench, $(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$REPO" rev-parse --short HEAD), $(nproc) cores"
    echo
    echo "| Measure | Figure |"
    echo "|---|---|"
    echo "| Cache hit, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s: requests/s | $RPS |"
    echo "| Cache hit: p50 / p99 latency (ms) | $P50 / $P99 |"
    echo "| Cache hit: non-2xx responses | $NON2XX |"
    echo "| Floor (bare Kestrel, same answer, same wrk): requests/s | $FLOOR_RPS |"
    echo "| Floor: p50 / p99 latency (ms) | $FLOOR_P50 / $FLOOR_P99 |"
    echo "| Atrium hit / floor: requests/s, p99 | $(python3 -c "print(f'{$RPS / $FLOOR_RPS:.2f}x, {$P99 / $FLOOR_P99:.2f}x')") |"
    echo "| $BURST concurrent misses of one forecast: upstream calls (statuses) | $BURST_CALLS ($BURST_STATUS) |"
    echo "| 20 forecasts x 10 concurrent misses: upstream calls (statuses) | $SPREAD_CALLS ($SPREAD_STATUS) |"
} | tee "$HERE/results/latest.md"
