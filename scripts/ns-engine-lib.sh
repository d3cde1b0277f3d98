# Functions shared by scripts/test-engines.sh and scripts/test-swarm.sh (sourced, not run).
# An extra Docker engine here always runs inside its own network namespace: started with
# `nsenter --net=/var/run/netns/NS dockerd ...` (not `ip netns exec`, which remounts /sys so dockerd finds no
# cgroups), with its own data-root, exec-root, pid file, sockets, cgroup parent and a bridge "berth0" that this
# script makes inside the namespace. dockerd is given that bridge by name (--bridge berth0) so it never creates
# or touches a docker0 anywhere; the host's docker0 and main engine are left alone.
# shellcheck shell=bash

NSE_TOOLS_DIR="${BERTH_TOOLS_DIR:-/usr/local/lib/berth-tools}"
NSE_DOCKER26_BIN="$NSE_TOOLS_DIR/docker-26/bin"
NSE_TEST_IMAGE="${BERTH_TEST_IMAGE:-berth-test/busybox:latest}"
NSE_TAG="${NSE_TAG:-engines}"

nse_log() { echo "[$NSE_TAG] $*" >&2; }
nse_die() { nse_log "error: $*"; exit 1; }

nse_require_root() {
  [ "$(id -u)" = 0 ] || nse_die "must run as root (network namespaces, dockerd)"
  local tool
  for tool in ip nsenter setsid dockerd docker containerd runc iptables; do
    command -v "$tool" >/dev/null 2>&1 || nse_die "$tool is missing (scripts/engine.sh installs Debian's docker.io)"
  done
}

# The host must not already route the range we are about to use (something else would own it).
# $1: address prefix ("10.213."), $2: regex of the host devices this script itself makes.
nse_check_range_free() {
  local clash
  clash=$(ip -4 route show | awk -v p="$1" 'index($1, p) == 1' | grep -Ev "dev ($2)( |$)" || true)
  [ -z "$clash" ] || nse_die "the host already routes $1x, which these scripts would use: $clash"
}

# Debian trixie's docker.io 26.1 (API 1.45) as a .deb, without adding trixie to the system's apt sources (a
# temporary sources list and lists dir, as scripts/engine.sh does for Compose). Only dockerd and docker-proxy are
# taken: trixie's runc needs glibc 2.38 (bookworm has 2.36), and bookworm's containerd 1.6 and runc 1.1 work
# with dockerd 26, so the engine uses those from PATH.
nse_docker26() {
  if [ -x "$NSE_DOCKER26_BIN/dockerd" ] && "$NSE_DOCKER26_BIN/dockerd" --version 2>/dev/null | grep -q 'version 26\.'; then
    return 0
  fi
  local apt_tmp
  apt_tmp=$(mktemp -d)
  mkdir -p "$apt_tmp/lists/partial" "$apt_tmp/cache/archives/partial" "$apt_tmp/dl"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' \
    >"$apt_tmp/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$apt_tmp/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$apt_tmp/lists" -o "Dir::Cache=$apt_tmp/cache" -o APT::Sandbox::User=root)
  nse_log "fetching docker.io 26 from Debian trixie (a .deb only; the system's sources stay as they are)"
  apt-get -qq "${apt_opts[@]}" update >/dev/null
  (cd "$apt_tmp/dl" && apt-get -qq "${apt_opts[@]}" download docker.io >/dev/null)
  dpkg-deb -x "$apt_tmp"/dl/docker.io_*.deb "$apt_tmp/x"
  mkdir -p "$NSE_DOCKER26_BIN"
  install -m 0755 "$apt_tmp/x/usr/sbin/dockerd" "$apt_tmp/x/usr/sbin/docker-proxy" "$NSE_DOCKER26_BIN/"
  rm -rf "$apt_tmp"
  "$NSE_DOCKER26_BIN/dockerd" --version | grep -q 'version 26\.' || nse_die "the fetched dockerd does not run"
  nse_log "docker 26: $("$NSE_DOCKER26_BIN/dockerd" --version) in $NSE_DOCKER26_BIN"
}

# A network namespace with loopback up and the bridge "berth0" (address $2, e.g. 172.30.1.1/24) that its dockerd
# uses for containers. Idempotent.
nse_netns() {
  local ns=$1 bridge_cidr=$2
  [ -e "/var/run/netns/$ns" ] || ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link show berth0 >/dev/null 2>&1 || ip -n "$ns" link add berth0 type bridge
  ip -n "$ns" addr replace "$bridge_cidr" dev berth0
  ip -n "$ns" link set berth0 up
}

# A veth pair: $2 stays in the host (optionally enslaved to bridge $6), $3 goes into namespace $1 with address $4;
# $5 is the host-side address (empty when the host side is a bridge port) and the namespace's default gateway.
nse_veth() {
  local ns=$1 host_if=$2 ns_if=$3 ns_cidr=$4 host_cidr=$5 host_bridge=${6:-}
  if ! ip link show "$host_if" >/dev/null 2>&1; then
    ip -n "$ns" link del "$ns_if" 2>/dev/null || true
    ip link add "$host_if" type veth peer name "$ns_if" netns "$ns"
  fi
  if [ -n "$host_bridge" ]; then
    ip link set "$host_if" master "$host_bridge"
  else
    ip addr replace "$host_cidr" dev "$host_if"
  fi
  ip link set "$host_if" up
  ip -n "$ns" addr replace "$ns_cidr" dev "$ns_if"
  ip -n "$ns" link set "$ns_if" up
  ip -n "$ns" route replace default via "${host_cidr%/*}"
}

# One rule in the host's FORWARD chain (args: the rule without the chain), added once / removed every copy.
nse_fwd_add() { iptables -C FORWARD "$@" 2>/dev/null || iptables -I FORWARD 1 "$@"; }
nse_fwd_del() { while iptables -C FORWARD "$@" 2>/dev/null; do iptables -D FORWARD "$@"; done; }

nse_pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Pids of the engine's own helpers (containerd, shims, docker-proxy) whose command line mentions $1 (that
# engine's exec-root, unique to it): leftovers of a daemon that died hard.
nse_pids_mentioning() {
  local p comm
  for p in /proc/[0-9]*; do
    comm=$(cat "$p/comm" 2>/dev/null) || continue
    case "$comm" in containerd | containerd-shim* | docker-proxy | dockerd) ;; *) continue ;; esac
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$1" && echo "${p#/proc/}"
  done
  return 0
}

# Starts dockerd in namespace $1 unless its pid file names a live process, then waits for its socket.
# $2 dockerd binary, $3 PATH prefix (dir of the dockerd version's helpers, may be empty), $4 pid file,
# $5 unix socket path, $6 log file, rest: dockerd arguments (data-root, exec-root, hosts ...).
nse_start_dockerd() {
  local ns=$1 dockerd=$2 path_prefix=$3 pidfile=$4 sock=$5 logfile=$6 started=''
  shift 6
  [ -e "/var/run/netns/$ns" ] || nse_die "no namespace $ns: refusing to start dockerd outside one"
  if nse_pid_alive "$pidfile"; then
    nse_log "$ns: dockerd already runs (pid $(cat "$pidfile"))"
  else
    rm -f "$pidfile"
    mkdir -p "$(dirname "$logfile")"
    nse_log "$ns: starting $("$dockerd" --version) (log: $logfile)"
    # setsid: the daemon outlives this shell. nsenter --net only: the mount namespace (and /sys) stay the host's.
    # A UTS namespace of its own with the hostname $ns: the engine's name (docker info, swarm node names) is then
    # its own, not the host's. Each step execs the next, so $! is dockerd's pid.
    # DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: a swarm task uses the local image instead of first trying a registry
    # that is not reachable here (each task would wait out a DNS timeout).
    DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 PATH="${path_prefix:+$path_prefix:}$PATH" setsid unshare --uts -- sh -c 'hostname "$1" && shift && exec "$@"' sh \
      "$ns" nsenter --net="/var/run/netns/$ns" -- \
      "$dockerd" --pidfile "$pidfile" -H "unix://$sock" "$@" >>"$logfile" 2>&1 </dev/null &
    started=$!
  fi
  local i
  for i in $(seq 1 90); do
    if docker -H "unix://$sock" info >/dev/null 2>&1; then break; fi
    if [ -n "$started" ] && ! kill -0 "$started" 2>/dev/null; then
      tail -20 "$logfile" >&2; nse_die "$ns: dockerd exited"
    fi
    sleep 1
  done
  docker -H "unix://$sock" info >/dev/null 2>&1 || { tail -20 "$logfile" >&2; nse_die "$ns: dockerd did not answer in 90 s"; }
  # Belt and braces: the daemon must not be in the host's network namespace.
  local pid
  pid=$(cat "$pidfile")
  if [ "$(readlink "/proc/$pid/ns/net")" = "$(readlink /proc/self/ns/net)" ]; then
    kill "$pid"; nse_die "$ns: dockerd ended up in the host network namespace; stopped it"
  fi
}

# Stops the dockerd of pid file $1 (TERM, then KILL after 40 s), then whatever still mentions its exec-root $2
# (containerd, shims of a daemon that died hard), then unmounts what is left under $2 and removes it.
nse_stop_dockerd() {
  local pidfile=$1 exec_root=$2 pid i
  if nse_pid_alive "$pidfile"; then
    pid=$(cat "$pidfile")
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$exec_root"; then
      kill "$pid"
      for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && { nse_log "dockerd $pid still runs after 40 s: KILL"; kill -9 "$pid"; }
    fi
  fi
  rm -f "$pidfile"
  for pid in $(nse_pids_mentioning "$exec_root/"); do kill -9 "$pid" 2>/dev/null || true; done
  nse_umount_under "$exec_root"
  rm -rf --one-file-system "$exec_root"
}

nse_umount_under() {
  local m
  findmnt -rn -o TARGET | awk -v d="$1/" 'index($0, d) == 1' | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

# Empty cgroups left under the engine's --cgroup-parent.
nse_rm_cgroups() {
  local d
  for d in /sys/fs/cgroup/*/"$1" /sys/fs/cgroup/"$1"; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

# The offline test image, copied from the main engine (which scripts/engine.sh gave it).
nse_load_image() {
  local host=$1
  docker -H "$host" image inspect "$NSE_TEST_IMAGE" >/dev/null 2>&1 && return 0
  docker image inspect "$NSE_TEST_IMAGE" >/dev/null 2>&1 || nse_die "the main engine has no $NSE_TEST_IMAGE (run scripts/engine.sh)"
  docker save "$NSE_TEST_IMAGE" | docker -H "$host" load >/dev/null
}

# "VERSION API" of the engine at $1, or "- -".
nse_version() {
  docker -H "$1" version --format '{{.Server.Version}} {{.Server.APIVersion}}' 2>/dev/null || echo '- -'
}
