#!/usr/bin/env bash
# Start-up time of the packaged gateway, as a user starts it: milliseconds from `java -jar` until the authorization
# server metadata first answers 200, which (ready means ready) is also when every available service is published.
# Prints one figure per run and the median. Run from the repository root after `mvn -DskipTests package`.
#   bench/startup.sh [RUNS] [JVM OPTION...]     e.g. bench/startup.sh 5 -XX:SharedArchiveFile=target/gateway.jsa
set -euo pipefail
runs=${1:-5}; shift || true
jar=target/mcp-oauth-gateway.jar
[ -f "$jar" ] || { echo "no $jar: run mvn -DskipTests package first" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
figures=()
for ((i = 1; i <= runs; i++)); do
  port=$(free_port)
  start=$(date +%s%N)
  GATEWAY_PORT=$port java "$@" -jar "$jar" >"target/startup-run-$i.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/.well-known/oauth-authorization-server")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited, see target/startup-run-$i.log" >&2; exit 1; }
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  figures+=("$ms")
  echo "run $i: ${ms} ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
printf '%s\n' "${figures[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
