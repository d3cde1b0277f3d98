#!/usr/bin/env bash
# Builds the Berth image offline with the Dockerfile's `prebuilt` target: an offline base made from this machine's
# node (scripts/image-base.sh), the server and node_modules staged from this tree (scripts/image-stage.mjs).
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

# The base carries the libraries of node and of every native addon the image loads.
mapfile -t addons < <(find "$context/app/node_modules" -name '*.node' -type f)
bash scripts/image-base.sh "$base" "${addons[@]}"

started=$(date +%s)
docker build --quiet -f Dockerfile --target prebuilt --build-arg "BASE_IMAGE=$base" --label berth.test=1 \
  -t "$image" "$context" >/dev/null
rm -rf "$context"
log "built $image in $(($(date +%s) - started)) s: $(docker image inspect -f '{{.Size}}' "$image" \
  | awk '{ printf "%.0f MB", $1 / 1000000 }')"
