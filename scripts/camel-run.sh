#!/usr/bin/env bash
# Runs the gateway with the stock Camel CLI: `camel run` of Camel JBang 4.17.0 on a class path that holds only
# camel-jbang-core and its own dependencies (scripts/camel-cli/pom.xml). camel run downloads what the routes need
# from Maven (Camel components and the gateway's libraries, --dep below) and adds the gateway's classes from the
# project jar (a .jar file named on the command line is a class path file). Routes: the YAML files of
# src/main/resources/routes (or those of CAMEL_RUN_ROUTES, a folder); beans: io.mcpgw.GatewayConfiguration
# (scripts/camel-jbang.properties).
#
#   scripts/camel-run.sh                    # http://localhost:8080, role all, embedded store, development login
#   GATEWAY_PORT=9090 scripts/camel-run.sh --dev     # extra camel run options go last (--dev reloads edited routes)
#
# Needs a JDK 17 and Maven (to build the jar and resolve the CLI once); the usual environment variables apply.
set -euo pipefail
cd "$(dirname "$0")/.."

# The gateway's own libraries (those Camel does not bring), and the Camel components its Java configuration uses
# (camel run finds those of the routes by itself); CamelCliTest keeps the libraries equal to pom.xml.
GATEWAY_DEPS=io.lettuce:lettuce-core:6.8.1.RELEASE,com.nimbusds:nimbus-jose-jwt:10.10,org.jsoup:jsoup:1.24.1,\
com.fasterxml.jackson.datatype:jackson-datatype-jdk8:2.19.4,com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.19.4,\
info.picocli:picocli:4.7.7,io.micrometer:micrometer-core:1.17.2,io.micrometer:micrometer-registry-prometheus:1.17.2,\
org.apache.camel:camel-micrometer:4.17.0

jar=target/mcp-oauth-gateway-thin.jar
cli_classpath=target/camel-cli.classpath
if [ ! -s "$jar" ]; then
  echo "camel-run: building $jar (mvn -DskipJbang -Dmaven.test.skip=true package)" >&2
  mvn -q -DskipJbang -Dmaven.test.skip=true package
fi
if [ ! -s "$cli_classpath" ] || [ scripts/camel-cli/pom.xml -nt "$cli_classpath" ]; then
  mvn -q -f scripts/camel-cli/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$cli_classpath"
fi

routes=${CAMEL_RUN_ROUTES:-src/main/resources/routes}
port="${GATEWAY_PORT:-8080}"
export GATEWAY_PORT="$port"
# -Djdk.httpclient.allowRestrictedHeaders=host: the fetchs tool pins connections to the vetted IP (see GatewayApplication)
exec java -Djdk.httpclient.allowRestrictedHeaders=host -cp "$(cat "$cli_classpath")" scripts/CamelJBang.java run \
  "$routes"/*.camel.yaml src/main/resources/application.properties scripts/camel-jbang.properties "$jar" \
  --dep="$GATEWAY_DEPS" --port="$port" --name=mcp-oauth-gateway "$@"
