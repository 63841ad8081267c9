#!/usr/bin/env bash
# What the metrics cost on the hot path: /verify (valid token, 64 connections) on two gateways, one without a metrics
# endpoint (no Camel route timers) and one with METRICS_PORT set (route timers + gateway meters), interleaved with
# the loopback floor (a trivial Node HTTP 200). Usage: bench/verify-metrics.sh [seconds per run] [repeats]
# Needs: the jar (mvn -DskipTests package), wrk, node.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-5}; REPEATS=${2:-3}; C=${BENCH_CONNECTIONS:-64}
OUT=target/bench-metrics; mkdir -p "$OUT"
CP=$(mvn -q -DskipJbang dependency:build-classpath -Dmdep.outputFile=/dev/stdout):target/test-classes:target/classes
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$1 not ready"; exit 1; }

FLOOR=$(free_port); PLAIN=$(free_port); METERED=$(free_port); METRICS=$(free_port)
node bench/floor.js "$FLOOR" & PIDS+=($!)
GATEWAY_PORT=$PLAIN GATEWAY_SERVICES=time REGISTER_RATE_LIMIT=0 java -jar target/mcp-oauth-gateway.jar > "$OUT/plain.log" 2>&1 & PIDS+=($!)
GATEWAY_PORT=$METERED METRICS_PORT=$METRICS GATEWAY_SERVICES=time REGISTER_RATE_LIMIT=0 \
  java -jar target/mcp-oauth-gateway.jar > "$OUT/metered.log" 2>&1 & PIDS+=($!)
for p in $PLAIN $METERED; do wait_http "http://127.0.0.1:$p/.well-known/oauth-authorization-server"; done

headers() { printf 'Authorization: Bearer %s\nX-Forwarded-Proto: http\nX-Forwarded-Host: localhost:%s\nX-Forwarded-Uri: /time/mcp\nX-Forwarded-Method: POST' "$1" "$2"; }
H_PLAIN=$(headers "$(java -cp "$CP" io.mcpgw.bench.ObtainToken "http://127.0.0.1:$PLAIN" "http://localhost:$PLAIN/time/mcp" bench)" "$PLAIN")
H_METERED=$(headers "$(java -cp "$CP" io.mcpgw.bench.ObtainToken "http://127.0.0.1:$METERED" "http://localhost:$METERED/time/mcp" bench)" "$METERED")

run() { WRK_HEADERS="$2" wrk -t2 -c"$C" -d"${3:-$SECS}s" -s bench/report.lua "$1" | grep '^RESULT' | sed 's/^RESULT //'; }
run "http://127.0.0.1:$PLAIN/verify" "$H_PLAIN" "$SECS" > /dev/null      # warm-up
run "http://127.0.0.1:$METERED/verify" "$H_METERED" "$SECS" > /dev/null
# the order alternates, so neither gateway always runs right after the floor
for rep in $(seq 1 "$REPEATS"); do
  echo "floor   #$rep $(run "http://127.0.0.1:$FLOOR/" "")"
  if [ $((rep % 2)) -eq 1 ]; then
    echo "plain   #$rep $(run "http://127.0.0.1:$PLAIN/verify" "$H_PLAIN")"
    echo "metered #$rep $(run "http://127.0.0.1:$METERED/verify" "$H_METERED")"
  else
    echo "metered #$rep $(run "http://127.0.0.1:$METERED/verify" "$H_METERED")"
    echo "plain   #$rep $(run "http://127.0.0.1:$PLAIN/verify" "$H_PLAIN")"
  fi
done
curl -s "http://127.0.0.1:$METRICS/metrics" | grep -E '^(mcpgw_verify_total|camel_route_policy_seconds_count)\{.*verify' || true
