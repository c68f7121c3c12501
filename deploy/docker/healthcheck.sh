#!/bin/bash
# atrium-healthcheck: the container's HEALTHCHECK. Asks GET /health/live on the server's own port
# (the first of ASPNETCORE_HTTP_PORTS, default 8080) and exits 0 only on HTTP 200.
#
# Plain bash over /dev/tcp on purpose: the aspnet runtime image has neither curl nor wget, and a
# `dotnet` health command would start a second .NET runtime (and build the whole host) every
# interval, costing far more memory and CPU than the check it performs.
set -u
port="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${port%%[,;]*}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" 2>/dev/null || { echo "unhealthy: nothing listens on port ${port}"; exit 1; }
printf 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
if ! IFS= read -r -t 4 status <&3; then
    echo "unhealthy: no answer on port ${port}"
    exit 1
fi
status="${status%$'\r'}"
case "$status" in
    "HTTP/1."?" 200"*) exit 0 ;;
    *) echo "unhealthy: ${status}"; exit 1 ;;
esac
