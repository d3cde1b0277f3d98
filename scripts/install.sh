#!/usr/bin/env bash
# Installs the dependency tree of package-lock.json, unless it is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.berth-lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "[install] node_modules matches package-lock.json"
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# `npm install` with the committed lock installs the locked versions. Not `npm ci`: our registry mirror does not
# serve other platforms' optional binaries (e.g. @biomejs/cli-win32-x64), so the lock cannot list them and
# `npm ci` refuses it as out of sync.
npm install --no-audit --no-fund
cp package-lock.json "$stamp"
