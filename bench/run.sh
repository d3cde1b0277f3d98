#!/usr/bin/env bash
# Runs the benchmarks (all, or those named: `bash bench/run.sh logs`) against a Berth server of their own and
# the local engine, and updates bench/results.md. Not part of `npm test`: numbers, not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/engine.sh
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || { npx next build && node scripts/build-server.mjs; }

PORT="${BENCH_PORT:-3900}"
DATA="$(mktemp -d /tmp/berth-bench-XXXXXX)"
export BENCH_URL="http://127.0.0.1:$PORT"
# The footprint bench asks for a heap snapshot with SIGUSR2, written into the server's data directory.
export BENCH_DIAG_DIR="$DATA"
# scripts/serve.sh: the server as `npm start` runs it (allocator included); it execs node, so $! is node's pid.
setsid env PORT="$PORT" HOST=127.0.0.1 BERTH_DATA_DIR="$DATA" BERTH_ADMIN_USER=admin \
  NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=$DATA" \
  BERTH_ADMIN_PASSWORD=bench-horse-battery-7 bash scripts/serve.sh >"$DATA/server.log" 2>&1 &
server=$!
export BENCH_SERVER_PGID=$server
# setsid: the server runs in its own process group, so it and anything it spawned stop together.
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "$BENCH_URL/api/health" && break; sleep 1; done

benches=("$@")
# Every benchmark; list:scale and page-scale each make and remove 10,000 containers (minutes).
[ ${#benches[@]} -gt 0 ] || benches=(footprint list list:scale page-scale engines logs exec stats stacks image)
failed=()
for spec in "${benches[@]}"; do
  # `name:part` runs one part of a benchmark (`logs:flood`, `list:page`).
  b="${spec%%:*}"; part=()
  [ "$b" = "$spec" ] || part=("${spec#*:}")
  echo "=== bench: $spec"
  # One failing benchmark does not stop the others; the run still fails at the end.
  if [ -f "bench/$b.ts" ]; then npx tsx "bench/$b.ts" "${part[@]}" || failed+=("$spec")
  else bash "bench/$b.sh" || failed+=("$spec"); fi
done
echo "results: bench/results.md"
if [ ${#failed[@]} -gt 0 ]; then echo "failed: ${failed[*]}" >&2; exit 1; fi
