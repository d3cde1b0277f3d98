#!/usr/bin/env bash
# Tests Berth as a container, offline: builds the image (scripts/image-build.sh), runs it with the engine socket and a
# named data volume on a loopback port, waits for healthy, and runs the Playwright smoke of e2e/image against it
# (log in, list, create and remove, exec terminal, restart keeps data, docker stop exits 0 in time).
# Removes everything it made (labelled berth.test=1, the Berth container berth.test=image), whatever the outcome.
#   BERTH_IMAGE_PORT (default 3102)  loopback port of the Berth container
set -uo pipefail
cd "$(dirname "$0")/.."
port=${BERTH_IMAGE_PORT:-3102}
tag=$(date +%s)-$$
image=berth-test/berth:$tag
base=berth-test/node-base:$tag
container=berth-test-image-$tag
volume=berth-test-image-data-$tag
export BERTH_ADMIN_USER=${BERTH_ADMIN_USER:-admin} BERTH_ADMIN_PASSWORD=${BERTH_ADMIN_PASSWORD:-correct-horse-battery-7}
log() { echo "[image-test] $*"; }

cleanup() {
  docker rm -f "$container" >/dev/null 2>&1
  docker volume rm "$volume" >/dev/null 2>&1
  docker image rm "$image" "$base" >/dev/null 2>&1
  rm -rf .image
}
trap cleanup EXIT

bash scripts/image-build.sh "$image" "$base" || { log "image build failed"; exit 1; }

docker volume create --label berth.test=1 "$volume" >/dev/null
# The engine socket as the quick start mounts it; the admin password from the environment, not the command line.
# berth.test=image overrides the image's berth.test=1: other suites running on this engine remove every berth.test=1
# container, which took Berth away in the middle of the smoke. Removed by name below (cleanup).
docker run -d --name "$container" --label berth.test=image \
  -p "127.0.0.1:$port:3000" \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -v "$volume:/data" \
  -e BERTH_ADMIN_USER -e BERTH_ADMIN_PASSWORD \
  "$image" >/dev/null || { log "docker run failed"; exit 1; }

status=
for _ in $(seq 1 120); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$container" 2>/dev/null)
  [ "$status" = healthy ] && break
  sleep 0.5
done
if [ "$status" != healthy ]; then
  log "container not healthy ($status); its log:"
  docker logs --tail 40 "$container"
  exit 1
fi
log "$container is healthy on 127.0.0.1:$port"

BERTH_URL="http://127.0.0.1:$port" BERTH_IMAGE_CONTAINER="$container" \
  npx playwright test -c e2e/image/playwright.config.ts
result=$?
if [ $result -ne 0 ]; then
  log "smoke failed; the container's log:"
  docker logs --tail 40 "$container" 2>&1
fi
exit $result
