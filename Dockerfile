# syntax=docker/dockerfile:1.7
# The MCP OAuth gateway image. One image, several roles: GATEWAY_ROLE=all|auth|services (docs/DEPLOY.md).
#
#   docker build -t mcp-oauth-gateway:local .                        # runtime: JRE 17, Node 20, tmux, pinned npm MCP servers
#   docker build --target full -t mcp-oauth-gateway:full .           # runtime + Chromium (playwright)
#
# Base images are pinned by tag; bump them here (or with --build-arg).
ARG MAVEN_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17.0.16_8-jre
ARG NODE_IMAGE=node:20.19.5-bookworm-slim
ARG BASE_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------------------------
# 1. The jar: target/mcp-oauth-gateway.jar (tests run in CI, not here; -DskipJbang leaves out the Camel JBang tooling)
FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests -DskipJbang package && cp target/mcp-oauth-gateway.jar /mcp-oauth-gateway.jar

# ---------------------------------------------------------------------------------------------------------------
# 2. The npm MCP servers, exactly as package-lock.json pins them (no install scripts, no network at run time).
#    pom.xml is copied along so that the wildcard may match nothing: a tree without package.json gets no servers.
FROM ${NODE_IMAGE} AS npm
WORKDIR /app
COPY pom.xml package*.json ./
RUN if [ -f package-lock.json ]; then \
      npm ci --omit=dev --ignore-scripts --no-audit --no-fund; \
    elif [ -f package.json ]; then \
      echo "package.json without package-lock.json: pin the servers with npm install --package-lock-only" >&2; exit 1; \
    fi \
    && mkdir -p node_modules && rm -f pom.xml

FROM ${JRE_IMAGE} AS jre
FROM ${NODE_IMAGE} AS node

# ---------------------------------------------------------------------------------------------------------------
# 3. What every target shares: Debian, the Temurin JRE 17, the node binary, the servers, the jar, a non-root user.
FROM ${BASE_IMAGE} AS base
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin \
    LANG=C.UTF-8
# curl: the health check; tini: PID 1, reaps whatever the MCP servers' children leave behind; tmux: the native tmux
# service (each user's tmux server runs as the gateway user)
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl tini tmux \
    && rm -rf /var/lib/apt/lists/*
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --home-dir /home/gateway --create-home --shell /usr/sbin/nologin gateway \
    && groupadd --system --gid 10002 mcp-child \
    && useradd --system --uid 10002 --gid mcp-child --home-dir /home/mcp-child --create-home --shell /usr/sbin/nologin mcp-child
# mcp-child: the user MCP_CHILD_USER=mcp-child runs the MCP servers as (needs the gateway to run as root: docs/SECURITY.md)
WORKDIR /app
COPY --from=npm /app/node_modules ./node_modules
COPY --from=build /mcp-oauth-gateway.jar ./mcp-oauth-gateway.jar
# services-data: per-user service data (gateway.mcp.data-dir; the memory files, the filesystem root); a volume in compose
RUN mkdir -p /app/services-data && chown gateway:gateway /app/services-data
# Class-data sharing: a training run (start until ready, stop) writes the classes start-up loads to /app/gateway.jsa;
# the JVM maps them instead of loading and verifying them again: about half the start-up CPU (BENCHMARKS.md).
COPY scripts/run-fast.sh /usr/local/bin/run-fast.sh
# (a dynamic archive sits on the JRE's default one: made first should the JRE not ship it)
RUN (test -f /opt/java/openjdk/lib/server/classes.jsa || java -Xshare:dump > /dev/null) \
    && run-fast.sh --train-only --jar /app/mcp-oauth-gateway.jar --archive /app/gateway.jsa \
    && rm -rf /app/services-data/* /tmp/*
# Listen on every interface of the container (the development login refuses this: configure GitHub, or use the
# services role). The JVM keeps half the memory limit; the rest is for the MCP servers' node processes. A
# JAVA_TOOL_OPTIONS of your own replaces these: keep -XX:SharedArchiveFile=/app/gateway.jsa in it for the fast start.
ENV GATEWAY_BIND=0.0.0.0 \
    GATEWAY_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/gateway.jsa"
EXPOSE 8080
# /health/ready answers 200 when the store answers a round trip, start-up is done and (role services) the services
# can run; it reads the last background probe, never starts an MCP server. /health/live is the liveness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD curl -fsS --max-time 4 "http://127.0.0.1:${GATEWAY_PORT}/health/ready" > /dev/null || exit 1
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/app/mcp-oauth-gateway.jar"]

# ---------------------------------------------------------------------------------------------------------------
# 4a. Optional target "full": the heavy services' system software. For playwright the Chromium build that the
#     pinned playwright-core expects, with its system libraries, in the gateway user's cache
#     (~/.cache/ms-playwright: the server child inherits HOME).
FROM base AS full
USER root
RUN apt-get update \
    && if [ -f node_modules/playwright-core/cli.js ]; then node node_modules/playwright-core/cli.js install-deps chromium; fi \
    && rm -rf /var/lib/apt/lists/*
USER gateway
RUN if [ -f node_modules/playwright-core/cli.js ]; then node node_modules/playwright-core/cli.js install chromium; fi

# ---------------------------------------------------------------------------------------------------------------
# 4b. Default target "runtime" (last, so a plain docker build produces it).
FROM base AS runtime
USER gateway
