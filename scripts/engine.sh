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
