#!/usr/bin/env bash
# A 3-node Docker Swarm for the Swarm tests (issue 16), each node a dockerd in its own network namespace.
#
#   bash scripts/test-swarm.sh up       make it (idempotent), wait for 3 Ready nodes, check a 3-replica service
#                                       spreads over the 3 nodes (then removes that service)
#   bash scripts/test-swarm.sh status   nodes (docker node ls) and the engines' addresses
#   bash scripts/test-swarm.sh down     leave the swarm, stop the daemons, remove everything `up` made
#
# What `up` makes:
#   - the bridge berth-sw0 in the host (10.214.0.1/24; its own, not docker0), and two rules at the top of the
#     host's FORWARD chain (comment "berth-swarm"): ACCEPT between its ports (with br_netfilter loaded, bridged
#     frames pass FORWARD, whose policy the main engine set to DROP), REJECT from it to anywhere else.
#   - for node sN (N = 1, 2, 3): network namespace berth-sN, veth berth-sNh (a port of berth-sw0) <-> berth-sNn
#     (10.214.0.(N+1)/24, default route via 10.214.0.1), loopback, and the bridge berth0 (172.29.N.1/24) for its
#     containers; dockerd (the system's 20.10, API 1.41) started with nsenter --net: data-root
#     /var/lib/berth-swarm/sN, exec-root /run/berth-swarm/sN, pid file /run/berth-swarm/sN.pid, cgroup parent
#     /berth-sN, log /run/berth-swarm/sN.log, hostname berth-sN (own UTS namespace), listening on
#     unix:///run/berth-swarm/sN.sock and tcp://10.214.0.(N+1):2375 (plain, reachable from the host).
#   - the offline test image berth-test/busybox:latest on each node (copied from the main engine; services need
#     --no-resolve-image as there is no registry to resolve it in).
#   - the swarm: s1 `swarm init --advertise-addr 10.214.0.2` (manager), s2 and s3 join as workers.
#   - /run/berth-swarm/swarm.json: {manager, nodes: [{name, socket, tcp, ip, nodeId, role}], tokens}.
# Limits: this kernel has no IPVS, so the routing mesh (ports published through the ingress network, and VIP
# load balancing) does not answer; overlay networks (VXLAN between the nodes) and `--publish mode=host` do.
# Cleanup: `down` (leaves the swarm, stops the daemons by pid file, deletes the namespaces, veths, bridge, the
# FORWARD rule, and /run/berth-swarm and /var/lib/berth-swarm). Never touches the main engine or docker0.
set -euo pipefail

NSE_TAG=swarm
# shellcheck source=scripts/ns-engine-lib.sh
. "$(dirname "$0")/ns-engine-lib.sh"

RUN=/run/berth-swarm
DATA=/var/lib/berth-swarm
NET=10.214.0
BRIDGE=berth-sw0
BRIDGE_PREFIX=172.29
NODES=3
CHECK_SERVICE=berth-swarm-check
# Host FORWARD rules: frames between the nodes pass (with br_netfilter, bridged frames meet FORWARD, whose policy
# the main engine set to DROP); anything else the nodes send beyond the host is refused at once (fails fast,
# e.g. DNS, instead of timing out; nothing leaves for another address).
FWD_PASS=(-i "$BRIDGE" -o "$BRIDGE" -m comment --comment berth-swarm -j ACCEPT)
FWD_REFUSE=(-i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment berth-swarm -j REJECT)

node_ip() { echo "$NET.$(($1 + 1))"; }
node_sock() { echo "unix://$RUN/s$1.sock"; }
dk() { local i=$1; shift; docker -H "$(node_sock "$i")" "$@"; }

node_names() {
  {
    ls "$RUN" 2>/dev/null | sed -n 's/^\(s[0-9][0-9]*\)\.pid$/\1/p'
    ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^berth-\(s[0-9][0-9]*\)$/\1/p'
  } | sort -u -V
}

host_bridge_up() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr replace "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  nse_fwd_add "${FWD_REFUSE[@]}"
  nse_fwd_add "${FWD_PASS[@]}"
}

node_up() {
  local i=$1 n=s$1 ip
  ip=$(node_ip "$i")
  nse_netns "berth-$n" "$BRIDGE_PREFIX.$i.1/24"
  nse_veth "berth-$n" "berth-${n}h" "berth-${n}n" "$ip/24" "$NET.1/24" "$BRIDGE"
  mkdir -p "$RUN" "$DATA/$n"
  # 20.10 takes its engine ID from a key file, /etc/docker/key.json by default (the main engine's).
  printf '{"deprecated-key-path": "%s"}\n' "$DATA/$n/key.json" >"$RUN/$n.daemon.json"
  nse_start_dockerd "berth-$n" dockerd '' "$RUN/$n.pid" "$RUN/$n.sock" "$RUN/$n.log" \
    --config-file "$RUN/$n.daemon.json" --data-root "$DATA/$n" --exec-root "$RUN/$n" --bridge berth0 \
    --cgroup-parent "/berth-$n" --iptables=true --shutdown-timeout 3 -H "tcp://$ip:2375" --tls=false
  nse_load_image "$(node_sock "$i")"
}

swarm_state() { dk "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown; }

swarm_form() {
  local i manager_ip token
  manager_ip=$(node_ip 1)
  if [ "$(swarm_state 1)" != active ]; then
    nse_log "s1: swarm init --advertise-addr $manager_ip"
    dk 1 swarm init --advertise-addr "$manager_ip" --listen-addr "$manager_ip:2377" >/dev/null
  fi
  token=$(dk 1 swarm join-token -q worker)
  for i in $(seq 2 "$NODES"); do
    [ "$(swarm_state "$i")" = active ] && continue
    nse_log "s$i: swarm join $manager_ip:2377"
    dk "$i" swarm join --token "$token" --advertise-addr "$(node_ip "$i")" --listen-addr "$(node_ip "$i"):2377" \
      "$manager_ip:2377" >/dev/null
  done
  for i in $(seq 1 60); do
    [ "$(dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" = "$NODES" ] && break
    sleep 1
  done
  [ "$(dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" = "$NODES" ] || {
    dk 1 node ls >&2; nse_die "the swarm does not have $NODES Ready nodes"
  }
}

# A 3-replica service of the test image must run one task on each node (the scheduler spreads), then go.
swarm_check() {
  local i nodes
  dk 1 service rm "$CHECK_SERVICE" >/dev/null 2>&1 || true
  dk 1 service create --detach --name "$CHECK_SERVICE" --label berth.test.engines=1 --replicas "$NODES" \
    --no-resolve-image --stop-grace-period 1s berth-test/busybox:latest sleep 3600 >/dev/null
  for i in $(seq 1 60); do
    nodes=$(dk 1 service ps "$CHECK_SERVICE" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' |
      awk '$2 == "Running" {print $1}' | sort -u | wc -l)
    [ "$nodes" = "$NODES" ] && break
    sleep 1
  done
  dk 1 service ps "$CHECK_SERVICE" --format 'table {{.Name}}\t{{.Node}}\t{{.CurrentState}}' >&2
  dk 1 service rm "$CHECK_SERVICE" >/dev/null
  [ "$nodes" = "$NODES" ] || nse_die "the check service ran on $nodes node(s), not $NODES"
  nse_log "check: $NODES replicas of berth-test/busybox ran on $NODES different nodes (service removed)"
}

write_json() {
  local i items=() tokens
  for i in $(seq 1 "$NODES"); do
    items+=("$(jq -n --arg name "s$i" --arg socket "$(node_sock "$i")" --arg tcp "tcp://$(node_ip "$i"):2375" \
      --arg ip "$(node_ip "$i")" --arg nodeId "$(dk "$i" info --format '{{.Swarm.NodeID}}')" \
      --arg role "$([ "$i" = 1 ] && echo manager || echo worker)" \
      '{name: $name, socket: $socket, tcp: $tcp, ip: $ip, nodeId: $nodeId, role: $role}')")
  done
  tokens=$(jq -n --arg worker "$(dk 1 swarm join-token -q worker)" --arg manager "$(dk 1 swarm join-token -q manager)" \
    '{worker: $worker, manager: $manager}')
  printf '%s\n' "${items[@]}" | jq -s --argjson tokens "$tokens" --arg addr "$(node_ip 1):2377" \
    '{manager: .[0], joinAddr: $addr, nodes: ., tokens: $tokens}' >"$RUN/swarm.json.tmp"
  mv "$RUN/swarm.json.tmp" "$RUN/swarm.json"
}

cmd_up() {
  local i
  nse_require_root
  command -v jq >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  nse_check_range_free "$NET." "$BRIDGE"
  host_bridge_up
  for i in $(seq 1 "$NODES"); do node_up "$i"; done
  swarm_form
  swarm_check
  write_json
  cmd_status
}

cmd_status() {
  local i
  if [ -z "$(node_names)" ]; then echo "no test swarm"; return 0; fi
  for i in $(seq 1 "$NODES"); do
    printf 's%s  %-28s tcp://%s:2375  %s\n' "$i" "$(node_sock "$i")" "$(node_ip "$i")" "$(nse_version "$(node_sock "$i")")"
  done
  dk 1 node ls 2>/dev/null || echo "s1 is not a swarm manager"
  [ -f "$RUN/swarm.json" ] && echo "summary: $RUN/swarm.json"
  return 0
}

cmd_down() {
  local n
  nse_require_root
  for n in $(node_names); do
    if nse_pid_alive "$RUN/$n.pid"; then
      docker -H "unix://$RUN/$n.sock" swarm leave --force >/dev/null 2>&1 || true
    fi
  done
  for n in $(node_names); do
    nse_log "$n: stopping"
    nse_stop_dockerd "$RUN/$n.pid" "$RUN/$n"
    ip netns del "berth-$n" 2>/dev/null || true
    ip link del "berth-${n}h" 2>/dev/null || true
    nse_rm_cgroups "berth-$n"
    nse_umount_under "$DATA/$n"
  done
  nse_fwd_del "${FWD_PASS[@]}"
  nse_fwd_del "${FWD_REFUSE[@]}"
  ip link del "$BRIDGE" 2>/dev/null || true
  [ -d "$DATA" ] && rm -rf --one-file-system "$DATA"
  rm -rf "$RUN"
  nse_log "down"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up | status | down" >&2; exit 2 ;;
esac
