#!/usr/bin/env bash
# Extra Docker engines for the environments tests (issue 16), each in its own network namespace.
#
#   bash scripts/test-engines.sh up [N] [--tls]   start engines e1..eN (default 2); idempotent (engines above N
#                                                  that already run are left running)
#   bash scripts/test-engines.sh status            one line per engine: socket, tcp, version, API
#   bash scripts/test-engines.sh down [--purge]    stop them and remove what `up` made (--purge: data too)
#
# What `up` makes, for engine eN (N = 1, 2, ...):
#   - network namespace berth-eN; veth pair berth-eNh (host, 10.213.N.1/24) <-> berth-eNn (namespace,
#     10.213.N.2/24, default route via the host side); inside, loopback and the bridge berth0 (172.30.N.1/24)
#     that the engine's containers use (dockerd gets it by name, so it never creates a docker0).
#   - dockerd in that namespace (nsenter --net, setsid): data-root /var/lib/berth-engines/eN, exec-root
#     /run/berth-engines/eN, pid file /run/berth-engines/eN.pid, cgroup parent /berth-eN, iptables on (inside the
#     namespace only), log /var/log/berth-engines/eN.log; listening on unix:///run/berth-engines/eN.sock and
#     tcp://10.213.N.2:2375 (plain, reachable from the host over the veth only).
#     e1 is Debian trixie's docker.io 26.1 (API 1.45), fetched as a .deb into /usr/local/lib/berth-tools/docker-26;
#     the others are the system's dockerd (bookworm's 20.10, API 1.41).
#   - the offline test image berth-test/busybox:latest, copied from the main engine.
#   - one rule at the top of the host's FORWARD chain (comment "berth-engines"): REJECT what the engines route
#     through the host (so a registry or DNS lookup fails at once instead of timing out).
#   - with --tls: also tcp://10.213.N.2:2376 with --tlsverify; CA, server and client certificates in
#     /run/berth-engines/tls/ (ca.pem, cert.pem, key.pem for clients). dockerd applies TLS to all its tcp
#     listeners, so then the plain :2375 is served by socat (inside the namespace) in front of the unix socket.
#   - /run/berth-engines/engines.json: [{name, netns, socket, tcp, tlsTcp, tls, hostIp, version, api}].
# Cleanup: `down` stops every engine it finds (by pid file), deletes the namespaces (and so the veths), the
# exec-roots, sockets, engines.json, empty cgroups and the FORWARD rule; `down --purge` also the data-roots, certificates and logs.
# Never touches the main engine (/var/run/docker.sock), docker0, or the host's own network namespace.
set -euo pipefail

NSE_TAG=engines
# shellcheck source=scripts/ns-engine-lib.sh
. "$(dirname "$0")/ns-engine-lib.sh"

RUN=/run/berth-engines
DATA=/var/lib/berth-engines
LOGS=/var/log/berth-engines
TLS_DIR=$RUN/tls
NET_PREFIX=10.213
# Whatever the engines send beyond the host (their default route is the host side of their veth) is refused at
# once by the host: fails fast (DNS, registries) instead of timing out, and nothing leaves for another address.
FWD_REFUSE=(-i berth-e+ -m comment --comment berth-engines -j REJECT)
BRIDGE_PREFIX=172.30

engine_names() {
  {
    ls "$RUN" 2>/dev/null | sed -n 's/^\(e[0-9][0-9]*\)\.pid$/\1/p'
    ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^berth-\(e[0-9][0-9]*\)$/\1/p'
  } | sort -u -V
}

make_tls() {
  local n=$1 ip=$2
  mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    umask 077
    if [ ! -f ca.pem ] || [ ! -f ca-key.pem ]; then
      openssl genrsa -out ca-key.pem 2048 2>/dev/null
      openssl req -x509 -new -key ca-key.pem -days 30 -subj /CN=berth-test-ca -out ca.pem
      rm -f cert.pem key.pem server-*.pem
    fi
    if [ ! -f cert.pem ] || [ ! -f key.pem ]; then
      openssl genrsa -out key.pem 2048 2>/dev/null
      openssl req -new -key key.pem -subj /CN=berth-test-client -out client.csr
      openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -out cert.pem \
        -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
      rm -f client.csr
    fi
    if [ ! -f "server-$n-cert.pem" ] || ! openssl x509 -in "server-$n-cert.pem" -noout -text | grep -q "IP Address:$ip"; then
      openssl genrsa -out "server-$n-key.pem" 2048 2>/dev/null
      openssl req -new -key "server-$n-key.pem" -subj "/CN=berth-$n" -out "server-$n.csr"
      openssl x509 -req -in "server-$n.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
        -out "server-$n-cert.pem" 2>/dev/null \
        -extfile <(printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' "$ip")
      rm -f "server-$n.csr"
    fi
    chmod 0644 ca.pem cert.pem "server-$n-cert.pem"
  )
}

# Plain tcp :2375 in front of the unix socket, inside the namespace (only with --tls, see the top).
start_socat() {
  local n=$1 ip=$2 pidfile=$RUN/$1.socat.pid
  command -v socat >/dev/null 2>&1 || {
    nse_log "installing socat (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null; }
  }
  nse_pid_alive "$pidfile" && return 0
  # -t 60: keep a hijacked stream (attach, exec) open after one side's EOF until the other side is done.
  setsid nsenter --net="/var/run/netns/berth-$n" -- socat -t 60 \
    "TCP-LISTEN:2375,bind=$ip,reuseaddr,fork" "UNIX-CONNECT:$RUN/$n.sock" >>"$LOGS/$n.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_socat() {
  local pidfile=$RUN/$1.socat.pid pid
  if nse_pid_alive "$pidfile"; then
    pid=$(cat "$pidfile")
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = socat ] && kill "$pid"
  fi
  rm -f "$pidfile"
}

engine_up() {
  local i=$1 tls=$2 n=e$1
  local ns=berth-$n ip=$NET_PREFIX.$i.2 sock=$RUN/$n.sock pidfile=$RUN/$n.pid
  local mode dockerd=dockerd path_prefix=''
  if [ "$i" = 1 ]; then
    dockerd=$NSE_DOCKER26_BIN/dockerd path_prefix=$NSE_DOCKER26_BIN
  fi
  mode="$dockerd tls=$tls"
  # Same engine asked for in another mode (TLS or not): restart it.
  if nse_pid_alive "$pidfile" && [ "$(cat "$RUN/$n.mode" 2>/dev/null)" != "$mode" ]; then
    nse_log "$n: restarting for $mode"
    stop_socat "$n"
    nse_stop_dockerd "$pidfile" "$RUN/$n"
  fi
  nse_netns "$ns" "$BRIDGE_PREFIX.$i.1/24"
  nse_veth "$ns" "berth-${n}h" "berth-${n}n" "$ip/24" "$NET_PREFIX.$i.1/24"
  mkdir -p "$RUN" "$DATA/$n" "$LOGS"
  # 20.10 takes its engine ID from a key file, /etc/docker/key.json by default (the main engine's): give each its
  # own (a daemon.json key only; 26 keeps its ID in its data-root).
  if [ "$i" = 1 ]; then echo '{}'; else printf '{"deprecated-key-path": "%s"}\n' "$DATA/$n/key.json"; fi \
    >"$RUN/$n.daemon.json"
  local args=(--config-file "$RUN/$n.daemon.json" --data-root "$DATA/$n" --exec-root "$RUN/$n"
    --bridge berth0 --cgroup-parent "/berth-$n" --iptables=true --shutdown-timeout 3)
  if [ "$tls" = 1 ]; then
    make_tls "$n" "$ip"
    args+=(-H "tcp://$ip:2376" --tlsverify --tlscacert "$TLS_DIR/ca.pem"
      --tlscert "$TLS_DIR/server-$n-cert.pem" --tlskey "$TLS_DIR/server-$n-key.pem")
  else
    # --tls=false said outright: dockerd 26 otherwise waits out a warning about plain tcp.
    args+=(-H "tcp://$ip:2375" --tls=false)
  fi
  nse_start_dockerd "$ns" "$dockerd" "$path_prefix" "$pidfile" "$sock" "$LOGS/$n.log" "${args[@]}"
  echo "$mode" >"$RUN/$n.mode"
  if [ "$tls" = 1 ]; then start_socat "$n" "$ip"; else stop_socat "$n"; fi
  nse_load_image "unix://$sock"
}

write_json() {
  local n i ip sock ver api tls_json tcp_tls items=()
  for n in $(engine_names); do
    i=${n#e}
    ip=$NET_PREFIX.$i.2 sock=$RUN/$n.sock
    nse_pid_alive "$RUN/$n.pid" || continue
    read -r ver api < <(nse_version "unix://$sock")
    if grep -q 'tls=1' "$RUN/$n.mode" 2>/dev/null; then
      tcp_tls="tcp://$ip:2376"
      tls_json=$(jq -n --arg d "$TLS_DIR" '{ca: "\($d)/ca.pem", cert: "\($d)/cert.pem", key: "\($d)/key.pem"}')
    else
      tcp_tls='' tls_json=null
    fi
    items+=("$(jq -n --arg name "$n" --arg netns "berth-$n" --arg socket "unix://$sock" --arg tcp "tcp://$ip:2375" \
      --arg tlsTcp "$tcp_tls" --argjson tls "$tls_json" --arg hostIp "$NET_PREFIX.$i.1" --arg version "$ver" --arg api "$api" \
      '{name: $name, netns: $netns, socket: $socket, tcp: $tcp, tlsTcp: (if $tlsTcp == "" then null else $tlsTcp end),
        tls: $tls, hostIp: $hostIp, version: $version, api: $api}')")
  done
  mkdir -p "$RUN"
  if [ "${#items[@]}" = 0 ]; then echo '[]'; else printf '%s\n' "${items[@]}" | jq -s .; fi >"$RUN/engines.json.tmp"
  mv "$RUN/engines.json.tmp" "$RUN/engines.json"
}

cmd_up() {
  local count=2 tls=0 a i
  for a in "$@"; do
    case "$a" in
      --tls) tls=1 ;;
      [0-9]*) count=$a ;;
      *) nse_die "unknown argument $a" ;;
    esac
  done
  [ "$count" -ge 1 ] && [ "$count" -le 50 ] || nse_die "N must be 1..50"
  # The SSH environment tests start Debian's sshd in e1's namespace (their own config and port): install it here.
  [ -x /usr/sbin/sshd ] || {
    nse_log "installing openssh-server (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null; }
  }
  nse_require_root
  command -v jq >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  nse_check_range_free "$NET_PREFIX." 'berth-e[0-9]+h'
  nse_fwd_add "${FWD_REFUSE[@]}"
  nse_docker26
  for i in $(seq 1 "$count"); do engine_up "$i" "$tls"; done
  write_json
  cmd_status
}

cmd_status() {
  local n i ver api tls
  if [ -z "$(engine_names)" ]; then echo "no test engines"; return 0; fi
  printf '%-4s %-32s %-24s %-24s %-18s %s\n' NAME SOCKET TCP TLS VERSION API
  for n in $(engine_names); do
    i=${n#e}
    if nse_pid_alive "$RUN/$n.pid"; then read -r ver api < <(nse_version "unix://$RUN/$n.sock"); else ver=stopped api=-; fi
    tls=-
    grep -q 'tls=1' "$RUN/$n.mode" 2>/dev/null && tls=tcp://$NET_PREFIX.$i.2:2376
    printf '%-4s %-32s %-24s %-24s %-18s %s\n' "$n" "unix://$RUN/$n.sock" "tcp://$NET_PREFIX.$i.2:2375" "$tls" "$ver" "$api"
  done
  [ -f "$RUN/engines.json" ] && echo "summary: $RUN/engines.json"
  return 0
}

cmd_down() {
  local purge=0 n
  [ "${1:-}" = --purge ] && purge=1
  nse_require_root
  for n in $(engine_names); do
    nse_log "$n: stopping"
    stop_socat "$n"
    nse_stop_dockerd "$RUN/$n.pid" "$RUN/$n"
    rm -f "$RUN/$n.sock" "$RUN/$n.mode" "$RUN/$n.daemon.json"
    # Deleting the namespace deletes its veth pair (both ends) and its bridge.
    ip netns del "berth-$n" 2>/dev/null || true
    ip link del "berth-${n}h" 2>/dev/null || true
    nse_rm_cgroups "berth-$n"
    if [ "$purge" = 1 ]; then
      nse_umount_under "$DATA/$n"
      rm -rf --one-file-system "${DATA:?}/$n"
      rm -f "$LOGS/$n.log"
    fi
  done
  nse_fwd_del "${FWD_REFUSE[@]}"
  rm -f "$RUN/engines.json"
  if [ "$purge" = 1 ]; then
    rm -rf "$TLS_DIR"
    rmdir "$DATA" "$LOGS" 2>/dev/null || true
  fi
  rmdir "$RUN" 2>/dev/null || true
  nse_log "down$([ "$purge" = 1 ] && echo ' (purged)')"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  *) echo "usage: $0 up [N] [--tls] | status | down [--purge]" >&2; exit 2 ;;
esac
