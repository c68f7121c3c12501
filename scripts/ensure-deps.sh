#!/usr/bin/env bash
# ensure-deps.sh: install the Debian packages Atrium's tests and tools need, only when missing.
#
# Usage: scripts/ensure-deps.sh [--bench] [--realworld]
#   (no flag)    PostgreSQL, Redis, RabbitMQ and Prometheus server binaries (throwaway test servers), python3
#                (TRX parsing, free ports), python3-aiosmtpd (SMTP listener for mail tests), curl,
#                chromium (the todo page's browser tests),
#                node and npm (s3rver, the S3-compatible server the image storage tests run; installed
#                pinned into the tools cache by scripts/s3-throwaway.sh install)
#   --bench      also wrk (HTTP load generator for bench/), libvips-tools (vipsthumbnail) and
#                python3-pil (Pillow) for bench/images
#   --realworld  node and npm for the RealWorld suite runner (now installed in any case)
#
# Silent when everything is present. Runs `apt-get update` only when something must be installed,
# because a fresh machine of this kind has stale or empty package lists but the update is slow.
# It never starts the system PostgreSQL, Redis or RabbitMQ services, and disables the Redis,
# RabbitMQ and epmd ones it installs: tests run their own throwaway servers
# (scripts/*-throwaway.sh), so packaged services would only hold the default ports and memory.
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
# redis-throwaway.sh needs redis-cli (package redis-tools) besides the server, to wait for it and
# to stop it.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# rabbitmq-throwaway.sh runs the node's scripts in /usr/lib/rabbitmq/bin (the /usr/sbin wrappers
# switch to the rabbitmq user) and an epmd of its own (from erlang-base, a dependency).
have_rabbitmq() {
    [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && [ -x /usr/lib/rabbitmq/bin/rabbitmqctl ] &&
        command -v epmd >/dev/null 2>&1
}
have_rabbitmq || missing+=(rabbitmq-server)
# prometheus-throwaway.sh: a real Prometheus scrapes the server in the telemetry tests.
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The SMTP listener the mail tests send to (tests run it with Debian's /usr/bin/python3, whose
# site-packages the package installs into, whatever python3 is first on PATH).
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# scripts/realworld.sh and the benchmarks make RSA keys for the OAuth server with openssl.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The todo page's browser tests drive Debian's Chromium through Playwright (offline: no
# `playwright install`), at /usr/bin/chromium.
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The image service's S3 storage is tested against s3rver, an npm package.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "$want_bench" = 1 ]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v vipsthumbnail >/dev/null 2>&1 || missing+=(libvips-tools)
    /usr/bin/python3 -c 'import PIL' >/dev/null 2>&1 || missing+=(python3-pil)
fi

install_s3rver() { "$(dirname -- "$0")/s3-throwaway.sh" install; }

if [ ${#missing[@]} -eq 0 ]; then
    install_s3rver
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: missing packages: ${missing[*]}; run this script as root (or install them) first" >&2
    exit 1
fi

echo "ensure-deps: installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive

# Packages whose install enables a system service: only those not installed before this run get
# their service stopped and disabled below, so an administrator's own Redis or RabbitMQ stays as is.
# The throwaway scripts run their own servers; a packaged one would only hold the default ports
# (6379, 5672, 4369 for epmd) and memory, and come back at the next boot.
installed() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }
new_units=()
for pkg in "${missing[@]}"; do
    case "$pkg" in
        postgresql) installed postgresql || new_units+=(postgresql.service) ;;
        redis-server) installed redis-server || new_units+=(redis-server.service) ;;
        prometheus) installed prometheus || new_units+=(prometheus.service) ;;
        rabbitmq-server)
            installed rabbitmq-server || new_units+=(rabbitmq-server.service)
            # erlang-base comes with it and enables a system-wide epmd on port 4369.
            installed erlang-base || new_units+=(epmd.socket epmd.service)
            ;;
    esac
done

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

# Stop (in case they started anyway) and disable the services of packages installed just now.
# Offline, systemctl only edits the unit links (and, through systemd-sysv-install, the SysV rc.d
# links), which is also what it does in a chroot or a container without systemd running.
disabled=()
for unit in ${new_units[@]+"${new_units[@]}"}; do
    [ -e "/lib/systemd/system/$unit" ] || continue
    disabled+=("$unit")
    if [ -d /run/systemd/system ]; then
        systemctl stop "$unit" >/dev/null 2>&1 || true
    fi
    if command -v systemctl >/dev/null 2>&1; then
        systemctl --quiet disable "$unit" >/dev/null 2>&1 || true
    elif command -v deb-systemd-helper >/dev/null 2>&1; then
        deb-systemd-helper disable "$unit" >/dev/null 2>&1 || true
    fi
done
# Without systemd the SysV scripts are what starts at boot; their own stop only acts on the
# daemon their pid file names.
if [ ! -d /run/systemd/system ]; then
    for unit in ${new_units[@]+"${new_units[@]}"}; do
        name="${unit%.service}"
        [ "$name" != "$unit" ] && [ -x "/etc/init.d/$name" ] || continue
        case "$name" in
            redis-server) [ ! -e /run/redis/redis-server.pid ] || "/etc/init.d/$name" stop >&2 || true ;;
            rabbitmq-server) [ ! -e /run/rabbitmq/pid ] || "/etc/init.d/$name" stop >&2 || true ;;
            prometheus) [ ! -e /run/prometheus/prometheus.pid ] || "/etc/init.d/$name" stop >&2 || true ;;
        esac
        command -v update-rc.d >/dev/null 2>&1 && update-rc.d "$name" disable >/dev/null 2>&1 || true
    done
fi
if [ ${#disabled[@]} -gt 0 ]; then
    echo "ensure-deps: system services left stopped and disabled: ${disabled[*]}" >&2
fi

have_pg_server || { echo "ensure-deps: PostgreSQL server binaries still not found under /usr/lib/postgresql" >&2; exit 1; }
have_rabbitmq || { echo "ensure-deps: RabbitMQ (/usr/lib/rabbitmq/bin) or epmd still not found" >&2; exit 1; }
install_s3rver
echo "ensure-deps: done" >&2
