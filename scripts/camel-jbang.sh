#!/usr/bin/env bash
# Runs the gateway's routes with Camel JBang (`camel run`) for local development: the YAML route files of
# src/main/resources/routes, the beans of io.mcpgw.GatewayConfiguration, the classes and resources of target/classes.
# Offline after the first build: camel run gets --download=false and every jar it needs comes from the local Maven
# repository, which the build (profile jbang) filled; the build also wrote target/camel-jbang.classpath.
#
#   scripts/camel-jbang.sh                     # http://localhost:8080, role all, embedded store, development login
#   GATEWAY_PORT=9090 scripts/camel-jbang.sh --dev     # extra camel run options go last (--dev reloads edited routes)
#
# The usual environment variables apply (README, Configuration).
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=target/camel-jbang.classpath
if [ ! -s "$classpath_file" ] || [ ! -d target/classes ] || [ pom.xml -nt "$classpath_file" ]; then
  echo "camel-jbang: building (mvn -o -DskipTests package); run 'mvn -DskipTests package' once online if this fails" >&2
  mvn -q -o -DskipTests package
fi

port="${GATEWAY_PORT:-8080}"
export GATEWAY_PORT="$port"
exec java -cp "target/classes:$(cat "$classpath_file")" scripts/CamelJBang.java run \
  src/main/resources/routes/*.camel.yaml src/main/resources/application.properties scripts/camel-jbang.properties \
  --download=false --port="$port" --name=mcp-oauth-gateway "$@"
