#!/usr/bin/env bash
# Builds the Berth image offline with the Dockerfile's `prebuilt` target: an offline base made from this machine's
# node (scripts/image-base.sh), the server and node_modules staged from this tree (scripts/image-stage.mjs), and the
# Docker Compose v2 binary scripts/engine.sh extracted on this machine (BERTH_COMPOSE, or the CLI plugins folder).
# Runs `next build` first when there is no build yet.
#   scripts/image-build.sh IMAGE BASE_IMAGE
# Both images get the label berth.test=1; the caller removes them.
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:?usage: scripts/image-build.sh IMAGE BASE_IMAGE}
base=${2:?usage: scripts/image-build.sh IMAGE BASE_IMAGE}
log() { echo "[image-build] $*"; }

[ -f .next/BUILD_ID ] || { log "no .next build: running next build"; npx next build; }

context=.image/context
rm -rf "$context"
mkdir -p "$context/data"
node scripts/image-stage.mjs "$context/app"
# The health probe (see the Dockerfile): the static busybox scripts/engine.sh installed for the test image.
mkdir -p "$context/app/bin"
cp "$(command -v busybox)" "$context/app/bin/busybox"
# Compose v2 (the Dockerfile puts it in the image's CLI plugins folder): the binary itself, not the host's symlink.
compose=$(readlink -f "${BERTH_COMPOSE:-/usr/local/lib/docker/cli-plugins/docker-compose}" 2>/dev/null || true)
if [ -z "$compose" ] || ! "$compose" version 2>/dev/null | grep -Eq 'version v?2\.'; then
  log "no Docker Compose v2 binary (run scripts/engine.sh, or set BERTH_COMPOSE)"; exit 1
fi
mkdir -p "$context/compose"
cp "$compose" "$context/compose/docker-compose"
# The allocator the image preloads (the Dockerfile's ENV; scripts/engine.sh installed Debian's libjemalloc2 here).
jemalloc=$(compgen -G '/usr/lib/*-linux-gnu/libjemalloc.so.2' | head -1 || true)
[ -n "$jemalloc" ] || { log "no libjemalloc.so.2 (apt-get install libjemalloc2, or run scripts/engine.sh)"; exit 1; }
mkdir -p "$context/app/lib"
cp -L "$jemalloc" "$context/app/lib/libjemalloc.so.2"

# The base carries the libraries of node, of every native addon the image loads, of jemalloc and of Compose.
mapfile -t addons < <(find "$context/app/node_modules" -name '*.node' -type f)
bash scripts/image-base.sh "$base" "${addons[@]}" "$context/app/lib/libjemalloc.so.2" "$context/compose/docker-compose"

started=$(date +%s)
docker build --quiet -f Dockerfile --target prebuilt --build-arg "BASE_IMAGE=$base" --label berth.test=1 \
  -t "$image" "$context" >/dev/null
rm -rf "$context"
log "built $image in $(($(date +%s) - started)) s: $(docker image inspect -f '{{.Size}}' "$image" \
  | awk '{ printf "%.0f MB", $1 / 1000000 }')"
