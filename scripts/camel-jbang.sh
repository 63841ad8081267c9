#!/usr/bin/env bash
# Runs the gateway's routes with Camel JBang (`camel run`) for local development: the YAML route files of
# src/main/resources/routes, the beans of io.mcpgw.GatewayConfiguration, the classes and resources of target/classes.
# Offline after the first build: camel run gets --download=false and every jar it needs comes from the local Maven
# repository, where the build resolved it; the build also wrote the class path, target/camel-jbang.classpath.
#
#   scripts/camel-jbang.sh                     # http://localhost:8080, role all, embedded store, development login
#   GATEWAY_PORT=9090 scripts/camel-jbang.sh --dev     # extra camel run options go last (--dev reloads edited routes)
#
# The usual environment variables apply (README, Configuration).
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file=target/camel-jbang.classpath
if [ ! -d target/classes ] || [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  echo "camel-jbang: building (mvn -o -DskipTests package); run 'mvn -DskipTests package' once online if this fails" >&2
  mvn -q -o -DskipTests package
fi

# The file lists the gateway's runtime class path, then the plugin class path Camel JBang was resolved in; the latter
# also holds Ant (the plugin that wrote the file) and POM entries, which the JVM does not need.
classpath=$(tr ':' '\n' < "$classpath_file" | grep -vE '\.pom$|/org/apache/ant/|/maven-antrun-plugin/' | paste -sd: -)

port="${GATEWAY_PORT:-8080}"
export GATEWAY_PORT="$port"
exec java -cp "$classpath" scripts/CamelJBang.java run \
  src/main/resources/routes/*.camel.yaml src/main/resources/application.properties scripts/camel-jbang.properties \
  --download=false --port="$port" --name=mcp-oauth-gateway "$@"
