# Berth as a container, next to the engine it manages:
#   docker build -t berth .
#   docker run -d -p 3000:3000 -v /var/run/docker.sock:/var/run/docker.sock -v berth-data:/data \
#     -e BERTH_ADMIN_PASSWORD=... berth
#
# Targets
#   (default)  installs and builds in a build stage, then copies the compiled server, the Next.js build and the
#              traced production node_modules (scripts/image-stage.mjs) into the slim runtime stage. Needs BuildKit
#              (the default builder of current Docker).
#   prebuilt   the same runtime stage around artifacts staged on the host: the build context is a directory holding
#              app/ (the output of scripts/image-stage.mjs, plus bin/busybox and lib/libjemalloc.so.2 from the host),
#              compose/docker-compose (the Compose v2 binary that scripts/engine.sh extracted on the host) and an empty
#              data/. scripts/image-test.sh uses it on machines whose build containers reach no registry.
#
# Both ship Docker Compose v2 at /usr/local/lib/docker/cli-plugins/docker-compose, where Berth finds it (issue 14):
# stacks are deployed by the container's Compose against the mounted engine socket. Their files live in the
# container (/data/stacks/<name>), so bind mounts with relative paths in a stack resolve to paths inside the
# container, which the engine then looks for on the host.
#
# Build arguments: BUILD_IMAGE (the build stage's base) and BASE_IMAGE (the runtime's base). Keep them on the same
# Node major and the same libc: native addons (better-sqlite3, argon2) are compiled in one and loaded in the other.
#
# Behind a TLS-inspecting proxy, give npm the proxy's CA bundle as a BuildKit secret. It is mounted for the install
# step only and never stored in a layer of either stage:
#   docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt -t berth .

ARG BUILD_IMAGE=node:20-bookworm
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- the runtime every Berth image is made of
FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    BERTH_DATA_DIR=/data \
    NEXT_TELEMETRY_DISABLED=1
# jemalloc with a background thread that gives freed pages back, as scripts/serve.sh runs `npm start`: with glibc's
# malloc the native memory of a burst stayed with the process (bench/results.md, soak). Both targets put Debian's
# libjemalloc2 at this path; Compose and the health probe do not get it (Berth runs Compose with an environment of
# its own; busybox is static).
ENV LD_PRELOAD=/app/lib/libjemalloc.so.2 \
    MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
WORKDIR /app
EXPOSE 3000
# server/index.ts closes streams, exec sessions, sockets and the database on SIGTERM and exits 0 within 8 s, inside
# `docker stop`'s default 10 s grace period.
STOPSIGNAL SIGTERM
# Healthy once the HTTP server answers, also while the engine is unreachable (Berth then shows it, and a restart
# would not bring the engine back). A short interval, because the Engine API 1.41 has no separate start interval:
# the first probe runs one interval after start. The probe is a static busybox wget (about a millisecond of CPU),
# not a node process (about 80 ms each, 4 % of a core at this interval): the base images ship no HTTP client.
HEALTHCHECK --interval=1s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/app/bin/busybox", "sh", "-c", "exec /app/bin/busybox wget -q -O /dev/null http://127.0.0.1:${PORT:-3000}/api/health"]
CMD ["node", "server.mjs"]

# ---- prebuilt: artifacts staged on the host
FROM runtime AS prebuilt
COPY app/ /app/
COPY compose/docker-compose /usr/local/lib/docker/cli-plugins/docker-compose
# Owned by uid 1000 so that the image also runs as `--user 1000:1000 --group-add <socket gid>`.
COPY --chown=1000:1000 data/ /data/
VOLUME /data

# ---- compose: Docker Compose v2, as scripts/engine.sh gets it on the host: Debian trixie's docker-compose package
# (2.26.1; a Go binary that needs only libc, runs on bookworm and drives Engine 20.10 and later), downloaded as a
# .deb with a sources list of its own and unpacked with dpkg-deb, nothing installed.
FROM ${BUILD_IMAGE} AS compose
ARG COMPOSE_SUITE=trixie
RUN set -eu; tmp=$(mktemp -d); mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/dl"; \
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $COMPOSE_SUITE main" \
      >"$tmp/sources.list"; \
    set -- -o "Dir::Etc::sourcelist=$tmp/sources.list" -o Dir::Etc::sourceparts=/dev/null \
      -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o APT::Sandbox::User=root; \
    apt-get -qq "$@" update; (cd "$tmp/dl" && apt-get -qq "$@" download docker-compose); \
    dpkg-deb -x "$tmp"/dl/docker-compose_*.deb "$tmp/x"; \
    install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" /out/docker-compose; \
    rm -rf "$tmp"; /out/docker-compose version | grep -Eq 'version v?2\.'

# ---- build: install, build, stage
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json .npmrc ./
# `npm install` of the locked tree rather than `npm ci`: see scripts/install.sh.
RUN --mount=type=secret,id=npm_ca,required=false \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
    && npm install --no-audit --no-fund
COPY . .
RUN npx next build && node scripts/image-stage.mjs /out/app && mkdir -p /out/data
# The health probe: Debian's static busybox, the same binary the prebuilt target copies from the host.
# And the allocator the runtime preloads (see its ENV): Debian's libjemalloc2, whose libraries the Node image has.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends busybox-static libjemalloc2 >/dev/null \
    && mkdir -p /out/app/bin /out/app/lib && cp /bin/busybox /out/app/bin/busybox \
    && cp -L /usr/lib/*-linux-gnu/libjemalloc.so.2 /out/app/lib/libjemalloc.so.2

# ---- the default target: the runtime with what the build stage made
FROM runtime
COPY --from=build /out/app/ /app/
COPY --from=compose /out/docker-compose /usr/local/lib/docker/cli-plugins/docker-compose
COPY --from=build --chown=1000:1000 /out/data/ /data/
VOLUME /data
