#!/usr/bin/env bash
# bench/images/run.sh: thumbnails per second and peak memory of the image service over HTTP, side by
# side in one run with vipsthumbnail (libvips' own CLI: the engine's limit) and Pillow doing the same
# work (12 MP JPEG -> 300x300 centre-cropped WebP q80, as many at a time as there are cores).
#
# Usage: bench/images/run.sh            (IMAGES=24 PASSES=3 CONCURRENCY=<cores> to change the work)
# Needs: scripts/ensure-deps.sh --bench (libvips-tools, python3-pil). Prints the figures and the ratios;
# bench/README.md keeps the last run's.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$REPO/scripts/ensure-deps.sh" --bench
WORK="$(mktemp -d "${TMPDIR:-/tmp}/atrium-images-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf -- "$WORK"
}
trap cleanup EXIT

echo "building Atrium.Images.Server (Release) ..." >&2
dotnet publish "$REPO/src/Atrium.Images.Server/Atrium.Images.Server.csproj" -c Release -o "$WORK/app" -p:UseAppHost=false >/dev/null

PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
KEY="$(head -c 32 /dev/urandom | base64 -w0)"
(
    cd "$WORK/app"
    export ASPNETCORE_ENVIRONMENT=Production
    export Atrium__DataDirectory="$WORK/data"
    export Atrium__Database__MigrateOnStart=true
    export Atrium__Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)"
    export Atrium__Images__SigningKeys__0="$KEY"
    export Logging__LogLevel__Default=Warning
    exec dotnet Atrium.Images.Server.dll --urls "http://127.0.0.1:$PORT"
) > "$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
done

# The server runs `dotnet`; the PID to watch is that process itself (exec above).
/usr/bin/python3 "$REPO/bench/images/bench.py" "$WORK" "http://127.0.0.1:$PORT" "$SERVER_PID" "$KEY"
