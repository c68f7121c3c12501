#!/usr/bin/env bash
# rabbitmq-throwaway.sh: a disposable RabbitMQ node for tests.
#
# Usage:
#   scripts/rabbitmq-throwaway.sh start DIR PORT    start a node with its files in DIR, AMQP on
#                                                   127.0.0.1:PORT; print its URI on stdout (one
#                                                   line: amqp://atrium:PASSWORD@127.0.0.1:PORT/atrium)
#   scripts/rabbitmq-throwaway.sh stop DIR          stop the node and its epmd, delete DIR
#   scripts/rabbitmq-throwaway.sh ctl DIR ARGS...   run `rabbitmqctl ARGS...` against the node
#                                                   (e.g. add_vhost NAME), with the node's settings
#
# DIR must lie below the system temp dir ($TMPDIR or /tmp): stop deletes it, and a throwaway node
# has no business anywhere else. Startup takes about 10 s; the node uses about 115 MiB.
#
# Isolation: the node has its own name (atrium-<random>@localhost), HOME (Erlang cookie), data,
# logs, config, plugin list and an epmd of its own on a free port, so it neither sees nor disturbs
# a system RabbitMQ, another throwaway node or anyone's epmd on 4369. Everything listens on
# 127.0.0.1 only: AMQP on PORT, Erlang distribution and epmd on free ports picked here. No plugins
# (no management UI). It runs as the calling user: the packaged /usr/sbin wrappers would switch to
# the rabbitmq user, so the scripts in /usr/lib/rabbitmq/bin are used directly.
#
# Auth: one user, `atrium`, with a random password generated per node and full permissions on the
# vhost `atrium`; the default `guest` user is never created. The password appears only in the
# printed URI and in DIR/rabbitmq.conf and DIR/uri (mode 600), never on a command line or in logs.
# Logs go to stderr (short) and DIR/log/ (node, epmd); stdout carries only the result.
#
# Environment: RABBITMQ_THROWAWAY_OWNER_PID=PID makes `start` leave a watchdog that stops the node
# and deletes DIR once process PID is gone, so a test process that is killed (no chance to run its
# own `stop`) does not leak a running node.
set -euo pipefail

MARKER=".atrium-rabbitmq-throwaway"
RABBIT_BIN=/usr/lib/rabbitmq/bin
USER_NAME=atrium
VHOST=atrium

die() { echo "rabbitmq-throwaway: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

# Resolve DIR to an absolute path and refuse anything outside the temp dir, since stop deletes it.
# The path goes into the node's settings unquoted, so keep it to characters that need no quoting.
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

# A port nobody listens on right now. Another process can still take it before we bind it; the
# caller retries a failed start with a new PORT, and that start picks new ports here too.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The node's environment, one VAR=VALUE a line in DIR/node.env. The node and the CLI run with
# exactly this (env -i): inherited RABBITMQ_* or ERL_* variables must not point them elsewhere.
load_env() {
    [ -f "$DIR/node.env" ] || return 1
    mapfile -t NODE_ENV < "$DIR/node.env"
    NODE_NAME="$(sed -n 's/^RABBITMQ_NODENAME=//p' "$DIR/node.env")"
    EPMD_PORT="$(sed -n 's/^ERL_EPMD_PORT=//p' "$DIR/node.env")"
}

# with_env CMD...: run CMD in the node's environment, from inside DIR (the VM drops crash dumps
# and the like in its working directory).
with_env() {
    (cd "$DIR" && exec env -i "${NODE_ENV[@]}" "$@")
}

# cmdline PID: its command line, arguments separated by spaces.
cmdline() { tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" || true; }

# in_dir PID: true if PID runs with DIR as its working directory. Everything start runs is
# started from inside DIR, which no other process has reason to be in; a stale pid file can name
# a pid since reused by an unrelated process, and this tells them apart.
in_dir() { [ "$(readlink "/proc/$1/cwd" 2>/dev/null || true)" = "$DIR" ]; }

# is_our_node PID: true if PID is the Erlang VM of the node in DIR. (Its command line does not
# name the node: RabbitMQ sets the name, data and log paths from the environment once running.)
is_our_node() {
    [ "$(cat 2>/dev/null "/proc/$1/comm" || true)" = beam.smp ] && in_dir "$1"
}

# is_our_launcher PID: true if PID is the start script of the node in DIR. It stays as the VM's
# parent, to turn signals into an orderly stop.
is_our_launcher() {
    [[ "$(cmdline "$1")" == *"$RABBIT_BIN/rabbitmq-server"* ]] && in_dir "$1"
}

# is_our_epmd PID: true if PID is the epmd started for DIR.
is_our_epmd() {
    local args
    args="$(cmdline "$1")"
    [[ "$args" == "epmd -port $EPMD_PORT -address 127.0.0.1 " ]] && in_dir "$1"
}

# stop_pid TEST PID SECONDS: SIGTERM, then SIGKILL if still there after SECONDS.
stop_pid() {
    local test="$1" pid="$2" seconds="$3"
    [[ "$pid" =~ ^[0-9]+$ ]] && "$test" "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((seconds * 10))); do "$test" "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do "$test" "$pid" || return 0; sleep 0.1; done
}

# Stop whatever node and epmd DIR holds; quiet when there are none. SIGTERM is the VM's orderly
# shutdown (RabbitMQ stops its apps, then exits); the node's helper processes (erl_child_setup,
# inet_gethost) and its start script go with it. The VM writes its pid to DIR/rabbitmq.pid early
# in its boot; the start script, whose pid start records, covers a VM that never got that far.
stop_node() {
    load_env || return 0
    stop_pid is_our_node "$(head -n1 "$DIR/rabbitmq.pid" 2>/dev/null || true)" 30
    stop_pid is_our_launcher "$(head -n1 "$DIR/launcher.pid" 2>/dev/null || true)" 10
    stop_pid is_our_epmd "$(head -n1 "$DIR/epmd.pid" 2>/dev/null || true)" 5
}

# Delete DIR, but only if it is ours (marker) or empty: never someone else's files.
remove_dir() {
    [ -e "$DIR" ] || return 0
    if [ -e "$DIR/$MARKER" ] || [ -z "$(ls -A "$DIR")" ]; then
        rm -rf -- "$DIR"
    else
        die "'$DIR' is not a throwaway node directory (no $MARKER); not deleting it"
    fi
}

cmd_start() {
    local port="$1" password cookie epmd_port dist_port launcher_pid node_pid epmd_pid uri ready=0
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be 1-65535, got '$port'"
    [ -x "$RABBIT_BIN/rabbitmq-server" ] && [ -x "$RABBIT_BIN/rabbitmqctl" ] ||
        die "no RabbitMQ in $RABBIT_BIN (run scripts/ensure-deps.sh)"
    command -v epmd >/dev/null 2>&1 || die "no epmd on PATH (package erlang-base; run scripts/ensure-deps.sh)"
    command -v python3 >/dev/null 2>&1 || die "no python3 on PATH (run scripts/ensure-deps.sh)"

    # A leftover from an earlier run (crashed test process, killed script): stop and wipe it.
    if [ -e "$DIR" ]; then
        stop_node
        remove_dir
    fi
    mkdir -p -- "$DIR"
    touch "$DIR/$MARKER"
    chmod 700 "$DIR"
    mkdir -p "$DIR/home" "$DIR/mnesia" "$DIR/log"

    # on_fail: show the logs, then leave nothing behind.
    on_fail() {
        echo "rabbitmq-throwaway: start failed; logs follow" >&2
        tail -n 20 "$DIR/log/epmd.log" "$DIR/log/startup.log" >&2 2>/dev/null || true
        tail -n 40 "$DIR"/log/atrium-*.log >&2 2>/dev/null || true
        stop_node
        rm -rf -- "$DIR"
    }
    trap on_fail ERR

    # Letters and digits only, so neither needs quoting in a URI or the config file.
    password="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)"
    cookie="$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 32)"
    epmd_port="$(free_port)"
    dist_port="$(free_port)"
    [ "$epmd_port" != "$port" ] && [ "$dist_port" != "$port" ] && [ "$dist_port" != "$epmd_port" ] ||
        { echo "rabbitmq-throwaway: port clash ($port, $epmd_port, $dist_port)" >&2; false; }

    # The cookie authenticates the CLI to the node: only its owner may read it.
    (umask 077 && printf '%s' "$cookie" > "$DIR/home/.erlang.cookie")
    chmod 400 "$DIR/home/.erlang.cookie"

    # Every file the node would otherwise look for under /etc/rabbitmq is one of DIR's, so an
    # administrator's rabbitmq-env.conf, config or enabled plugins never reach the throwaway node.
    cat > "$DIR/node.env" <<EOF
PATH=/usr/local/bin:/usr/bin:/bin
HOME=$DIR/home
LC_ALL=C.UTF-8
RABBITMQ_NODENAME=atrium-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')@localhost
RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
RABBITMQ_NODE_PORT=$port
RABBITMQ_DIST_PORT=$dist_port
ERL_EPMD_PORT=$epmd_port
RABBITMQ_MNESIA_BASE=$DIR/mnesia
RABBITMQ_LOG_BASE=$DIR/log
RABBITMQ_PID_FILE=$DIR/rabbitmq.pid
RABBITMQ_CONF_ENV_FILE=$DIR/rabbitmq-env.conf
RABBITMQ_CONFIG_FILE=$DIR/rabbitmq.conf
RABBITMQ_ADVANCED_CONFIG_FILE=$DIR/advanced.config
RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/enabled_plugins
ERL_CRASH_DUMP=$DIR/log/erl_crash.dump
RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}
RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}
RABBITMQ_CTL_DIST_PORT_MIN=0
RABBITMQ_CTL_DIST_PORT_MAX=0
EOF
    # The CLI's own distribution port: 0 lets the system pick one, instead of RabbitMQ's fixed
    # default range (35672-35682) that every CLI on the machine competes for.
    : > "$DIR/rabbitmq-env.conf"
    printf '[].\n' > "$DIR/enabled_plugins"
    # default_* is what a blank node creates on first boot, in place of guest and the vhost "/".
    (umask 077 && cat > "$DIR/rabbitmq.conf") <<EOF
# Atrium throwaway test node (scripts/rabbitmq-throwaway.sh). Holds the password: mode 600.
default_user = $USER_NAME
default_pass = $password
default_vhost = $VHOST
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = false
log.file.level = warning
EOF
    load_env

    # epmd first, on its own port and loopback only; the node and every CLI call find it through
    # ERL_EPMD_PORT (without it they would use, or start, the machine-wide epmd on 4369).
    # setsid: the servers must outlive the caller's process group. Started this way (no job
    # control, so setsid need not fork) $! is the server's own pid.
    (cd "$DIR" && exec setsid epmd -port "$epmd_port" -address 127.0.0.1) \
        </dev/null >>"$DIR/log/epmd.log" 2>&1 &
    epmd_pid=$!
    printf '%s\n' "$epmd_pid" > "$DIR/epmd.pid"
    for _ in $(seq 1 50); do
        is_our_epmd "$epmd_pid" || break
        epmd -port "$epmd_port" -names >/dev/null 2>&1 && { ready=1; break; }
        sleep 0.1
    done
    [ "$ready" = 1 ] || { echo "rabbitmq-throwaway: epmd did not start on 127.0.0.1:$epmd_port" >&2; false; }

    # $! is the start script, which runs the VM as its child and lives as long as it does.
    (cd "$DIR" && exec env -i "${NODE_ENV[@]}" setsid "$RABBIT_BIN/rabbitmq-server") \
        </dev/null >>"$DIR/log/startup.log" 2>&1 &
    launcher_pid=$!
    printf '%s\n' "$launcher_pid" > "$DIR/launcher.pid"

    # Listening on the AMQP port comes late in the boot; poll that (cheap) before asking the
    # node itself (each CLI call starts a VM of its own). A node that dies ends the wait at once.
    ready=0
    for _ in $(seq 1 600); do
        kill -0 "$launcher_pid" 2>/dev/null || break
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ready=1; break; fi
        sleep 0.1
    done
    [ "$ready" = 1 ] || { echo "rabbitmq-throwaway: node not listening on 127.0.0.1:$port" >&2; false; }
    # The port may be someone else's: await_startup asks our node by name.
    with_env "$RABBIT_BIN/rabbitmqctl" -n "$NODE_NAME" -q await_startup --timeout 60 >&2 ||
        { echo "rabbitmq-throwaway: node $NODE_NAME did not finish booting" >&2; false; }
    node_pid="$(head -n1 "$DIR/rabbitmq.pid" 2>/dev/null || true)"
    [[ "$node_pid" =~ ^[0-9]+$ ]] && is_our_node "$node_pid" ||
        { echo "rabbitmq-throwaway: node exited during startup" >&2; false; }
    trap - ERR

    start_watchdog
    uri="amqp://$USER_NAME:$password@127.0.0.1:$port/$VHOST"
    (umask 077 && printf '%s\n' "$uri" > "$DIR/uri")
    printf '%s\n' "$uri"
}

# Detached from our stdio (a caller reading stdout to EOF must not wait for it) and from our
# session (so it outlives the caller's process group).
start_watchdog() {
    local owner="${RABBITMQ_THROWAWAY_OWNER_PID:-}"
    [ -n "$owner" ] || return 0
    [[ "$owner" =~ ^[0-9]+$ ]] || die "RABBITMQ_THROWAWAY_OWNER_PID must be a process id, got '$owner'"
    setsid bash -c '
        owner="$1"; script="$2"; dir="$3"
        while kill -0 "$owner" 2>/dev/null && [ -e "$dir" ]; do sleep 2; done
        [ -e "$dir" ] && exec "$script" stop "$dir"
    ' rabbitmq-throwaway-watchdog "$owner" "$(realpath "$0")" "$DIR" </dev/null >/dev/null 2>&1 &
}

cmd_stop() {
    [ -e "$DIR" ] || return 0
    stop_node
    remove_dir
}

cmd_ctl() {
    [ -e "$DIR/$MARKER" ] && load_env || die "no throwaway node in '$DIR'"
    with_env "$RABBIT_BIN/rabbitmqctl" -n "$NODE_NAME" "$@"
}

[ $# -ge 2 ] || usage
action="$1"
DIR="$(resolve_dir "$2")"
case "$action" in
    start) [ $# -eq 3 ] || usage; cmd_start "$3" ;;
    stop) [ $# -eq 2 ] || usage; cmd_stop ;;
    ctl) [ $# -ge 3 ] || usage; shift 2; cmd_ctl "$@" ;;
    *) usage ;;
esac
