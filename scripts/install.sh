#!/usr/bin/env bash
# Installs the exact dependency tree of package-lock.json, unless it is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.berth-lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "[install] node_modules matches package-lock.json"
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund
cp package-lock.json "$stamp"
