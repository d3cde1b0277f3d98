#!/usr/bin/env bash
# Runs the built server (dist/server.mjs) in production: what `npm start`, scripts/start.sh and bench/run.sh run.
# The image runs server.mjs with the same allocator settings, from its Dockerfile ENV.
#
# Memory allocator: jemalloc (Debian's libjemalloc2) when installed, with a background thread that gives freed pages
# back to the system after a second. With glibc's malloc, the native memory of a burst (HTTP and socket buffers,
# zlib states) stayed with the process: in the soak bench (bench/results.md), RSS was 30 to 95 MB above its start
# after the clients had left although nothing of it was in use (gdb's malloc_trim(0) took it back, below the start);
# with jemalloc it ended below its start. BERTH_JEMALLOC=0 keeps glibc's malloc; BERTH_JEMALLOC=<path> names the
# library.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=production
if [ "${BERTH_JEMALLOC:-}" != 0 ]; then
  jemalloc=${BERTH_JEMALLOC:-}
  if [ -z "$jemalloc" ]; then
    for candidate in /usr/lib/*-linux-gnu/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2; do
      [ -f "$candidate" ] && { jemalloc=$candidate; break; }
    done
  fi
  if [ -n "$jemalloc" ] && [ -f "$jemalloc" ]; then
    case ":${LD_PRELOAD:-}:" in *":$jemalloc:"*) ;; *) export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}" ;; esac
    export MALLOC_CONF="${MALLOC_CONF:-background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0}"
  else
    echo "[berth] libjemalloc2 is not installed: memory freed after bursts stays with the process (apt-get install libjemalloc2)" >&2
  fi
fi
exec node dist/server.mjs "$@"
