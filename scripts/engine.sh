#!/usr/bin/env bash
# Makes a Docker engine usable for Berth's tests, offline.
# - If `docker info` already answers, it only (re)builds the test image.
# - Otherwise, as root, installs Debian's docker.io when missing and starts dockerd
#   in the background with its own pid file and log, then waits for it.
# - Builds the offline test image from Debian's busybox-static with `docker import`.
# Idempotent: safe to run again, safe when an engine already runs.
set -euo pipefail

STATE_DIR="${BERTH_ENGINE_STATE:-/tmp/berth-engine}"
TEST_IMAGE="${BERTH_TEST_IMAGE:-berth-test/busybox:latest}"
mkdir -p "$STATE_DIR"

log() { echo "[engine] $*"; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "need root to install $* (or install them yourself)"; exit 1
  fi
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

engine_up() { docker info >/dev/null 2>&1; }

if ! command -v docker >/dev/null 2>&1 || ! { engine_up || command -v dockerd >/dev/null 2>&1; }; then
  apt_install docker.io
fi

if ! engine_up; then
  if [ "$(id -u)" != 0 ]; then
    log "no Docker engine answers and this is not root: start dockerd yourself"; exit 1
  fi
  pidfile="$STATE_DIR/dockerd.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "dockerd (pid $(cat "$pidfile")) is starting"
  else
    log "starting dockerd (log: $STATE_DIR/dockerd.log)"
    # setsid: the daemon must outlive the shell that started it.
    setsid dockerd --pidfile "$pidfile" >"$STATE_DIR/dockerd.log" 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 60); do
    engine_up && break
    sleep 1
  done
  engine_up || { log "dockerd did not come up; last lines of its log:"; tail -20 "$STATE_DIR/dockerd.log"; exit 1; }
fi
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# The offline test image: a busybox-static root filesystem (sh, httpd, sleep, seq, top ...).
if ! docker image inspect "$TEST_IMAGE" >/dev/null 2>&1; then
  command -v busybox >/dev/null 2>&1 && busybox --list 2>/dev/null | grep -q '^httpd$' || apt_install busybox-static
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var/www,proc,sys,dev}
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for applet in $(busybox --list); do
    [ "$applet" = busybox ] || ln -sf /bin/busybox "$rootfs/bin/$applet"
  done
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo '<h1>berth test</h1>' >"$rootfs/var/www/index.html"
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' \
    --change 'LABEL berth.test=1' \
    - "$TEST_IMAGE" >/dev/null
  rm -rf "$rootfs"
  log "built $TEST_IMAGE"
fi
log "test image: $TEST_IMAGE"

# Docker Compose v2 (issue 14): Debian trixie's docker-compose package (2.26.1) runs on bookworm and drives this
# engine. Taken as a .deb with a temporary sources list (the system's apt sources are never changed), unpacked
# into a tools folder, and linked into the CLI plugins folder where Berth (and `docker compose`) find it.
COMPOSE_TOOLS="${BERTH_TOOLS_DIR:-/usr/local/lib/berth-tools}"
COMPOSE_PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
compose_ok() { "$1" version >/dev/null 2>&1 && "$1" version 2>/dev/null | grep -Eq 'version v?2\.'; }
if [ -n "${BERTH_COMPOSE:-}" ] && compose_ok "$BERTH_COMPOSE"; then
  log "compose: $("$BERTH_COMPOSE" version) (BERTH_COMPOSE)"
elif compose_ok "$COMPOSE_PLUGIN_DIR/docker-compose"; then
  log "compose: $("$COMPOSE_PLUGIN_DIR/docker-compose" version)"
else
  if [ "$(id -u)" != 0 ]; then
    log "need root to fetch Docker Compose v2 (or set BERTH_COMPOSE to a Compose v2 binary)"; exit 1
  fi
  apt_tmp=$(mktemp -d)
  mkdir -p "$apt_tmp/lists/partial" "$apt_tmp/cache/archives/partial" "$apt_tmp/dl"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' \
    >"$apt_tmp/sources.list"
  apt_opts=(-o "Dir::Etc::sourcelist=$apt_tmp/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$apt_tmp/lists" -o "Dir::Cache=$apt_tmp/cache" -o APT::Sandbox::User=root)
  log "fetching docker-compose from Debian trixie (a .deb only; the system's sources stay as they are)"
  apt-get -qq "${apt_opts[@]}" update >/dev/null
  (cd "$apt_tmp/dl" && apt-get -qq "${apt_opts[@]}" download docker-compose >/dev/null)
  mkdir -p "$COMPOSE_TOOLS" "$COMPOSE_PLUGIN_DIR"
  dpkg-deb -x "$apt_tmp"/dl/docker-compose_*.deb "$apt_tmp/x"
  install -m 0755 "$apt_tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$COMPOSE_TOOLS/docker-compose"
  ln -sf "$COMPOSE_TOOLS/docker-compose" "$COMPOSE_PLUGIN_DIR/docker-compose"
  rm -rf "$apt_tmp"
  compose_ok "$COMPOSE_PLUGIN_DIR/docker-compose" || { log "the fetched docker-compose does not run"; exit 1; }
  log "compose: $("$COMPOSE_PLUGIN_DIR/docker-compose" version) ($COMPOSE_TOOLS)"
fi

# jemalloc: the allocator scripts/serve.sh preloads and the offline image (scripts/image-build.sh) copies.
if ! compgen -G '/usr/lib/*-linux-gnu/libjemalloc.so.2' >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt_install libjemalloc2; else log "libjemalloc2 is not installed: Berth runs on glibc's malloc"; fi
fi
