#!/usr/bin/env bash
# Debian's Chromium for the e2e tests (Playwright's own browser download does not work on our machines).
set -euo pipefail
bin="${BERTH_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then echo "[browser] $("$bin" --version 2>/dev/null | head -1)"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "[browser] $bin is missing: install Debian's chromium package"; exit 1; fi
echo "[browser] installing Debian's chromium"
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "[browser] $("$bin" --version 2>/dev/null | head -1)"
