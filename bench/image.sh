#!/usr/bin/env bash
# Benchmarks the container image: its size, the time from `docker start` to healthy (first start on an empty data
# volume, then the median, min and max of the following starts) and the container's idle CPU (health probes
# included). Builds the image offline like the tests (scripts/image-build.sh) unless BERTH_BENCH_IMAGE names one.
# Writes the "Container image" section of bench/results.md (bench/lib.ts; other sections are left as they are).
#   BERTH_BENCH_RUNS (default 7)  starts measured after the first
#   BERTH_BENCH_IMAGE             an image to measure instead of building one (kept afterwards)
# Targets: image < 250 MB, start → healthy < 3 s.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BERTH_BENCH_RUNS:-7}
tag=bench-$(date +%s)-$$
container=berth-test-bench-$tag
volume=berth-test-bench-data-$tag
log() { echo "[bench:image] $*" >&2; }
events_pid=
events_file=$(mktemp)

image=${BERTH_BENCH_IMAGE:-}
built=()
if [ -z "$image" ]; then
  image=berth-test/berth:$tag
  built=("$image" "berth-test/node-base:$tag")
  bash scripts/image-build.sh "$image" "berth-test/node-base:$tag"
fi
cleanup() {
  stop_events
  rm -f "$events_file"
  docker rm -f "$container" >/dev/null 2>&1 || true
  docker volume rm "$volume" >/dev/null 2>&1 || true
  [ ${#built[@]} -eq 0 ] || docker image rm "${built[@]}" >/dev/null 2>&1 || true
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
cpu_usec() { # the container's CPU time so far, in µs, from its cgroup (v2, hybrid or v1)
  local id=$1 f
  for f in /sys/fs/cgroup/system.slice/docker-"$id".scope/cpu.stat /sys/fs/cgroup/docker/"$id"/cpu.stat \
    /sys/fs/cgroup/unified/docker/"$id"/cpu.stat /sys/fs/cgroup/unified/system.slice/docker-"$id".scope/cpu.stat; do
    [ -f "$f" ] && { awk '/^usage_usec/ { print $2 }' "$f"; return; }
  done
  for f in /sys/fs/cgroup/cpuacct/docker/"$id"/cpuacct.usage \
    /sys/fs/cgroup/cpuacct/system.slice/docker-"$id".scope/cpuacct.usage; do
    [ -f "$f" ] && { echo $(($(cat "$f") / 1000)); return; }
  done
}
stop_events() { [ -z "$events_pid" ] || kill "$events_pid" 2>/dev/null || true; events_pid=; }
# From just before `docker start` to the engine's own timestamp of its "healthy" event. The engine keeps only its
# last 256 events, so they are followed live rather than looked up afterwards.
measure() {
  local t0 healthy=
  : >"$events_file"
  docker events --filter "container=$container" --format '{{.TimeNano}} {{.Status}}' >"$events_file" &
  events_pid=$!
  sleep 0.5 # the stream is open before the start it must see
  t0=$(now_ms)
  docker start "$container" >/dev/null
  for _ in $(seq 1 300); do
    healthy=$(awk '/health_status: healthy/ { print substr($1, 1, length($1) - 6); exit }' "$events_file")
    [ -n "$healthy" ] && break
    sleep 0.1
  done
  stop_events
  [ -n "$healthy" ] || { log "not healthy after 30 s"; docker logs --tail 20 "$container" >&2; exit 1; }
  # The container's cgroup is new at each start: its CPU time so far is what starting took, probes included.
  local cpu
  cpu=$(cpu_usec "$(docker inspect -f '{{.Id}}' "$container")")
  echo "$((healthy - t0)) ${cpu:+$((cpu / 1000))}"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
size_bytes=$(docker image inspect -f '{{.Size}}' "$image")
size_mb=$(awk -v b="$size_bytes" 'BEGIN { printf "%.0f", b / 1000000 }')
log "$image: $size_mb MB"

docker volume create --label berth.bench=1 "$volume" >/dev/null
# berth.test=bench overrides the label the image carries: test suites remove every berth.test=1 container.
docker create --name "$container" --label berth.bench=1 --label berth.test=bench \
  -v /var/run/docker.sock:/var/run/docker.sock -v "$volume:/data" \
  -e BERTH_ADMIN_PASSWORD=bench-admin-password-2026 "$image" >/dev/null

read -r first first_cpu < <(measure)
[ -n "$first" ] || exit 1
log "first start (empty volume: migrations, admin account): $first ms, $first_cpu ms CPU"

id=$(docker inspect -f '{{.Id}}' "$container")
idle_window=30
idle_cpu=
sleep 5 # let the start settle
if a=$(cpu_usec "$id") && [ -n "$a" ]; then
  sleep "$idle_window"
  b=$(cpu_usec "$id")
  idle_cpu=$(awk -v d=$((b - a)) -v w=$idle_window 'BEGIN { printf "%.1f", d / (w * 1e6) * 100 }')
  log "idle CPU over ${idle_window} s: ${idle_cpu}% of one core"
fi
docker stop "$container" >/dev/null

times=()
cpus=()
for i in $(seq 1 "$runs"); do
  read -r wall cpu < <(measure)
  [ -n "$wall" ] || exit 1
  times+=("$wall")
  cpus+=("$cpu")
  log "start $i: $wall ms, $cpu ms CPU"
  stop_started=$(now_ms)
  docker stop "$container" >/dev/null
  stop_ms=$(($(now_ms) - stop_started))
  exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$container")
  [ "$exit_code" = 0 ] || { log "docker stop: exit code $exit_code"; exit 1; }
done
mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
median=${sorted[$((runs / 2))]}
min=${sorted[0]}
max=${sorted[-1]}
mapfile -t sorted_cpu < <(printf '%s\n' "${cpus[@]}" | sort -n)
median_cpu=${sorted_cpu[$((runs / 2))]}
log "start → healthy: median $median ms (min $min, max $max, $runs runs); last docker stop: ${stop_ms} ms, exit 0"

verdict() { [ "$1" -lt "$2" ] && echo "met" || echo "**missed**"; }
body=$(cat <<EOF
\`bash bench/image.sh\`. Image built offline with the Dockerfile's \`prebuilt\` target on a base made from this
machine's node (scripts/image-base.sh). Load average before the runs: $load.

| measure | value | target |
| --- | --- | --- |
| image size | $size_mb MB | < 250 MB ($(verdict "$size_mb" 250)) |
| \`docker start\` → healthy, median of $runs | $median ms (min $min, max $max) | < 3 s ($(verdict "$median" 3000)) |
| CPU time of the container from start to healthy, median | $median_cpu ms | — |
| first start on an empty volume (migrations, admin account) | $first ms ($first_cpu ms CPU) | — |
| idle CPU over ${idle_window} s, health probes included | ${idle_cpu:-n/a}% of one core | — |
| \`docker stop\` | ${stop_ms} ms, exit code 0 | < 10 s |

Healthy means the engine's health check (\`/api/health\` answered by a busybox wget, every 1 s) passed: the first probe runs one
interval after start, so 1 s is the floor on Engine API 1.41, which has no start interval. Wall times grow with
the load of the machine; the CPU time much less.
EOF
)
BODY="$body" npx tsx -e "import { writeSection } from './bench/lib.ts'; writeSection('image', 'Container image', process.env.BODY ?? '');"
log "wrote bench/results.md"
