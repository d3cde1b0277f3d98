#!/usr/bin/env bash
# Makes a runtime base image offline, for machines that reach no container registry: a root filesystem holding
# this machine's `node` and the shared libraries `ldd` lists for it and for the binaries given (native addons:
# better-sqlite3, argon2 ...; the Compose binary), imported with `docker import`. No shell, no package manager.
# Native addons must have been built on this machine (same glibc and Node ABI), as node_modules here are.
# Users build on the official Node image instead (the Dockerfile's default BASE_IMAGE).
#   scripts/image-base.sh IMAGE [ADDON.node | BINARY ...]
set -euo pipefail

image=${1:?usage: scripts/image-base.sh IMAGE [ADDON.node ...]}
shift
node_bin=$(command -v node)
node_version=$(node --version)
log() { echo "[image-base] $*"; }

# The same node binary and addons give the same base: reuse it.
fingerprint=$( { sha256sum "$node_bin" | cut -c1-64; for f in "$@"; do sha256sum "$f" | cut -c1-64; done; } \
  | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{index .Config.Labels "berth.base.fingerprint"}}' "$image" 2>/dev/null)" \
  = "$fingerprint" ]; then
  log "$image is up to date (node $node_version)"
  exit 0
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{usr/local/bin,etc,tmp,root,home/node}
chmod 1777 "$rootfs/tmp"
cp "$node_bin" "$rootfs/usr/local/bin/node"

# Every library the loader resolves, at the path ldd prints, plus the loader itself.
libs=$(for bin in "$node_bin" "$@"; do ldd "$bin"; done \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000:node:/home/node:/usr/sbin/nologin\n' \
  >"$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
chown 1000:1000 "$rootfs/home/node" 2>/dev/null || true

# The rootfs must work before it becomes an image: node starts with only these libraries.
if [ "$(id -u)" = 0 ] && command -v chroot >/dev/null 2>&1; then
  env -i "$(command -v chroot)" "$rootfs" /usr/local/bin/node -e 'process.exit(0)' || { log "node does not start in the rootfs"; exit 1; }
fi

tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'CMD ["node"]' \
  --change 'LABEL berth.test=1' \
  --change "LABEL berth.base.fingerprint=$fingerprint" \
  - "$image" >/dev/null
log "built $image: node $node_version, $(echo "$libs" | wc -l) libraries, $(docker image inspect -f '{{.Size}}' "$image" \
  | awk '{ printf "%.0f MB", $1 / 1000000 }')"
