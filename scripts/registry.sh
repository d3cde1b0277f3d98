#!/usr/bin/env bash
# Two local Registry v2 servers for the image and registry tests (Debian's docker-registry, offline):
#   127.0.0.1:5400  no auth
#   127.0.0.1:5401  htpasswd basic auth (user/password below; e2e/support/registry.ts uses the same defaults)
# Each has its own config and storage under $BERTH_REGISTRY_STATE, its own pid file and log.
# Idempotent: a registry that already answers is left alone. `scripts/registry.sh stop` stops both.
# dockerd treats 127.0.0.0/8 registries as insecure by default, so plain HTTP works for push and pull.
set -euo pipefail

STATE_DIR="${BERTH_REGISTRY_STATE:-/tmp/berth-registry}"
OPEN_PORT="${BERTH_REGISTRY_PORT:-5400}"
AUTH_PORT="${BERTH_REGISTRY_AUTH_PORT:-5401}"
AUTH_USER="${BERTH_REGISTRY_USER:-berth}"
AUTH_PASSWORD="${BERTH_REGISTRY_PASSWORD:-berth-registry-pw-7}"

log() { echo "[registry] $*"; }

stop_one() { # stop_one NAME
  local pidfile="$STATE_DIR/$1/registry.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && log "stopped $1"
  fi
  rm -f "$pidfile"
}

if [ "${1:-}" = stop ]; then
  stop_one open
  stop_one auth
  exit 0
fi

if ! command -v docker-registry >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then log "docker-registry is not installed (apt-get install docker-registry)"; exit 1; fi
  log "installing docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi

answers() { # answers PORT: any HTTP answer from /v2/ (200 open, 401 with auth)
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

bcrypt_entry() { # bcrypt_entry USER PASSWORD: one htpasswd line (the registry accepts bcrypt only)
  if command -v htpasswd >/dev/null 2>&1; then
    htpasswd -Bbn "$1" "$2" | head -1
  elif python3 -c 'import crypt; assert crypt.crypt("x", crypt.mksalt(crypt.METHOD_BLOWFISH)).startswith("$2")' 2>/dev/null; then
    python3 -W ignore -c 'import crypt,sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)))' "$1" "$2"
  else
    if [ "$(id -u)" != 0 ]; then log "need htpasswd (apt-get install apache2-utils)"; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils >/dev/null
    htpasswd -Bbn "$1" "$2" | head -1
  fi
}

start_one() { # start_one NAME PORT AUTH(yes|no)
  local name=$1 port=$2 auth=$3 dir="$STATE_DIR/$1"
  if answers "$port"; then log "$name registry already answers on 127.0.0.1:$port"; return 0; fi
  mkdir -p "$dir/data"
  {
    echo "version: 0.1"
    echo "log: { level: warn, fields: { service: berth-test-registry-$name } }"
    echo "storage:"
    echo "  filesystem: { rootdirectory: $dir/data }"
    echo "  delete: { enabled: true }"
    echo "http:"
    echo "  addr: 127.0.0.1:$port"
    echo "  secret: berth-test-$name"
    if [ "$auth" = yes ]; then
      echo "auth:"
      echo "  htpasswd: { realm: berth-test, path: $dir/htpasswd }"
    fi
  } >"$dir/config.yml"
  if [ "$auth" = yes ]; then bcrypt_entry "$AUTH_USER" "$AUTH_PASSWORD" >"$dir/htpasswd"; fi
  # setsid: the registry must outlive the shell that started it.
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  for _ in $(seq 1 30); do
    answers "$port" && { log "$name registry on 127.0.0.1:$port (log: $dir/registry.log)"; return 0; }
    sleep 0.5
  done
  log "$name registry did not come up on :$port; last lines of its log:"; tail -20 "$dir/registry.log"
  return 1
}

start_one open "$OPEN_PORT" no
start_one auth "$AUTH_PORT" yes
