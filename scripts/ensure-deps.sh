#!/usr/bin/env bash
# ensure-deps.sh: install the Debian packages Atrium's tests and tools need, only when missing.
#
# Usage: scripts/ensure-deps.sh [--bench] [--realworld]
#   (no flag)    PostgreSQL server binaries (throwaway test clusters), python3 (TRX parsing), curl
#   --bench      also wrk (HTTP load generator for bench/)
#   --realworld  also node and npm (the RealWorld suite runner)
#
# Silent when everything is present. Runs `apt-get update` only when something must be installed,
# because a fresh machine of this kind has stale or empty package lists but the update is slow.
# It never starts the system PostgreSQL service: tests run their own throwaway clusters
# (scripts/postgres-throwaway.sh), so the packaged service would only hold port 5432 and memory.
set -euo pipefail

want_bench=0
want_realworld=0
for arg in "$@"; do
    case "$arg" in
        --bench) want_bench=1 ;;
        --realworld) want_realworld=1 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        *) echo "ensure-deps: unknown option: $arg" >&2; exit 2 ;;
    esac
done

missing=()

# The server binaries live in a versioned directory off PATH; any version is fine
# (postgres-throwaway.sh picks the highest).
have_pg_server() {
    local bin
    for bin in /usr/lib/postgresql/*/bin; do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ] && [ -x "$bin/pg_isready" ]; then
            return 0
        fi
    done
    return 1
}
have_pg_server || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "$want_bench" = 1 ]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
if [ "$want_realworld" = 1 ]; then
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: missing packages: ${missing[*]}; run this script as root (or install them) first" >&2
    exit 1
fi

echo "ensure-deps: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive

# Keep package maintainer scripts from starting services (the PostgreSQL package would start its
# main cluster). Docker-style images already ship a policy-rc.d that denies this; add a temporary
# one only when none exists, and remove only what we added.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from Atrium scripts/ensure-deps.sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    added_policy=1
fi
cleanup() { if [ "$added_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

# Output of apt goes to stderr so callers can keep stdout for their own results.
apt-get update -qq >&2
apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}" >&2

# On machines where services start anyway (no policy-rc.d honoured), stop the packaged cluster
# again: nothing here uses it.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null 2>&1; then
    for conf in /etc/postgresql/*/*/postgresql.conf; do
        [ -e "$conf" ] || continue
        ver="$(basename "$(dirname "$(dirname "$conf")")")"
        name="$(basename "$(dirname "$conf")")"
        pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
    done
fi

have_pg_server || { echo "ensure-deps: PostgreSQL server binaries still not found under /usr/lib/postgresql" >&2; exit 1; }
echo "ensure-deps: done" >&2
