#!/usr/bin/env bash
# Installs, builds and starts Berth against the local Docker engine (DOCKER_HOST, default /var/run/docker.sock).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if ! docker info >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && [ -z "${DOCKER_HOST:-}" ]; then
  # No engine answers: as root, make one (same script the tests use).
  bash scripts/engine.sh
fi
npx next build
node scripts/build-server.mjs
exec bash scripts/serve.sh
