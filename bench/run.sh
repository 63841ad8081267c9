#!/usr/bin/env bash
# The benchmark suite, one command: bench/run.sh
# Runs, interleaved and repeated (BENCH_REPEATS, default 3; BENCH_SECONDS per run, default 10), on loopback only:
#   floor        a trivial Node HTTP 200 (the loopback HTTP floor)
#   verify       the gateway's /verify with a valid token (ForwardAuth)
#   mcp-*        tools/call echo on server-everything: bare stdio, the gateway (auth on), mcp-proxy, supergateway
#   token        authorization_code (full flow) and refresh_token grants (RS256 and ES256) with Redis
#   session      MCP initialize latency; BENCH_SESSIONS (default 1000) idle sessions on bench/light-mcp.sh: heap,
#                resident memory and threads per session, the next initialize against a bare spawn
# then writes BENCHMARKS.md (medians, ratios gateway/floor and gateway/peer, the targets table, JVM threads under
# load, then the hand-written sections of bench/notes.md) and bench/benchmarks.png.
# bench/run.sh --check: the same, and exits 1 when a target of the table is missed (a regression check; not in CI).
# Needs: JDK 17, Maven, Node 20, wrk, redis-server, gnuplot (apt-get install wrk redis-server gnuplot-nox).
set -euo pipefail
cd "$(dirname "$0")/.."
CHECK=""
if [ "${1:-}" = "--check" ]; then CHECK="--check"; fi
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
REPEATS=${BENCH_REPEATS:-3}
CONCURRENCY=${BENCH_CONCURRENCY:-"1 8 64"}
OUT=target/bench
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"

for tool in wrk redis-server node gnuplot; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk redis-server gnuplot-nox)"; exit 2; }
done
[ -f target/mcp-oauth-gateway.jar ] || mvn -q -DskipTests package
mvn -q -DskipTests test-compile
CP=$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout):target/test-classes:target/classes

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
  || java -cp "$CP" io.mcpgw.bench.FreePort; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "bench: $1 not ready"; exit 1; }

REDIS_PORT=$(free_port); GW_PORT=$(free_port); FLOOR_PORT=$(free_port)
mkdir -p "$OUT/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync everysec \
  --dir "$OUT/redis" --daemonize no > "$OUT/redis.log" 2>&1 & PIDS+=($!)
node bench/floor.js "$FLOOR_PORT" & PIDS+=($!)
# All MCP load runs on one session: its cap on unanswered requests (32 by default, answered at once with a JSON-RPC
# error) is raised above the 64 connections, so every tools/call reaches the server, as with the peers.
GATEWAY_PORT=$GW_PORT REDIS_URL=redis://127.0.0.1:$REDIS_PORT REGISTER_RATE_LIMIT=0 \
  java -Dgateway.mcp.max-in-flight-per-session=256 -jar target/mcp-oauth-gateway.jar > "$OUT/gateway.log" 2>&1 & PIDS+=($!)
GW_PID=$!
wait_http "http://127.0.0.1:$FLOOR_PORT/"
wait_http "http://127.0.0.1:$GW_PORT/.well-known/oauth-authorization-server"

GW=http://127.0.0.1:$GW_PORT
RESOURCE=http://localhost:$GW_PORT/everything/mcp
TOKEN=$(java -cp "$CP" io.mcpgw.bench.ObtainToken "$GW" "$RESOURCE" bench)

# run_wrk <path> <repeat> <connections> <url> [headers] [method] [body]
run_wrk() {
  local path=$1 rep=$2 c=$3 url=$4 headers=${5:-} method=${6:-GET} body=${7:-}
  local threads=$(( c < 2 ? 1 : 2 ))
  local line sample="$OUT/threads.sample" sampler=""
  rm -f "$sample"
  # the gateway's JVM thread count, sampled in the middle of its own runs
  case $path in verify|mcp-gateway) (sleep $(( (SECONDS_PER_RUN + 1) / 2 )); ls "/proc/$GW_PID/task" 2>/dev/null | wc -l > "$sample") & sampler=$! ;; esac
  line=$(WRK_HEADERS="$headers" WRK_METHOD="$method" WRK_BODY="$body" \
    wrk -t"$threads" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s bench/report.lua "$url" | grep '^RESULT' | sed 's/^RESULT //')
  if [ -n "$sampler" ]; then wait "$sampler" 2>/dev/null || true; fi
  if [ -s "$sample" ]; then line="{\"threads\":$(cat "$sample"),${line#\{}"; fi
  echo "{\"path\":\"$path\",\"repeat\":$rep,\"connections\":$c,${line#\{}" >> "$RESULTS"
  echo "bench: $path c=$c #$rep $line"
}

VERIFY_HEADERS=$(printf 'Authorization: Bearer %s\nX-Forwarded-Proto: http\nX-Forwarded-Host: localhost:%s\nX-Forwarded-Uri: /everything/mcp\nX-Forwarded-Method: POST' "$TOKEN" "$GW_PORT")
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'X-Forwarded-Proto: http' \
  -H "X-Forwarded-Host: localhost:$GW_PORT" -H 'X-Forwarded-Uri: /everything/mcp' "$GW/verify")" = 200 ] \
  || { echo "bench: /verify does not accept the token"; exit 1; }

if [ -f bench/mcp.sh ]; then source bench/mcp.sh; fi

# Warm-up (not recorded): the JIT compiles the hot paths before anything is measured.
WARM=$SECONDS_PER_RUN
SECONDS_PER_RUN=$WARM run_wrk warmup 0 64 "$GW/verify" "$VERIFY_HEADERS" > /dev/null
if declare -f mcp_warmup >/dev/null; then mcp_warmup; fi
sed -i '/"path":"warmup/d' "$RESULTS"

for rep in $(seq 1 "$REPEATS"); do
  for c in $CONCURRENCY; do
    run_wrk floor "$rep" "$c" "http://127.0.0.1:$FLOOR_PORT/"
    run_wrk verify "$rep" "$c" "$GW/verify" "$VERIFY_HEADERS"
    if declare -f mcp_round >/dev/null; then mcp_round "$rep" "$c"; fi
  done
done

# Token grants. The full code flow (authorize, consent, login, token: forms and cookies) with a JVM harness; then
# refresh grants with rotation, driven by wrk (bench/refresh.lua), on this gateway (RS256, the default) and on a second
# one signing with ES256 (JWT_SIGNING_ALG=ES256, its own Redis), interleaved; each run starts from fresh grants.
java -cp "$CP" io.mcpgw.bench.TokenBenchmark "$SECONDS_PER_RUN" 16 "$OUT/token.md" "$GW" code-flow > "$OUT/token.log" 2>&1 \
  || echo "bench: token benchmark failed, see $OUT/token.log"
REDIS2_PORT=$(free_port); GW2_PORT=$(free_port)
mkdir -p "$OUT/redis2"
redis-server --port "$REDIS2_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync everysec \
  --dir "$OUT/redis2" --daemonize no > "$OUT/redis2.log" 2>&1 & PIDS+=($!)
GATEWAY_PORT=$GW2_PORT REDIS_URL=redis://127.0.0.1:$REDIS2_PORT REGISTER_RATE_LIMIT=0 JWT_SIGNING_ALG=ES256 \
  java -jar target/mcp-oauth-gateway.jar > "$OUT/gateway-es256.log" 2>&1 & PIDS+=($!)
GW2=http://127.0.0.1:$GW2_PORT
wait_http "$GW2/.well-known/oauth-authorization-server"
REFRESH_CONNECTIONS=16
# run_refresh <path> <gateway base URL> <repeat>: one wrk run from 2 × REFRESH_CONNECTIONS fresh grants
run_refresh() {
  local path=$1 base=$2 rep=$3 line tokens="$OUT/refresh-tokens.txt"
  java -cp "$CP" io.mcpgw.bench.ObtainRefreshTokens "$base" $((2 * REFRESH_CONNECTIONS)) "$tokens" >> "$OUT/token.log" 2>&1
  line=$(REFRESH_TOKENS="$tokens" WRK_THREADS=2 wrk -t2 -c"$REFRESH_CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
    -s bench/refresh.lua "$base/token" | grep '^RESULT' | sed 's/^RESULT //')
  if [ "$rep" -gt 0 ]; then
    echo "{\"path\":\"$path\",\"repeat\":$rep,\"connections\":$REFRESH_CONNECTIONS,${line#\{}" >> "$RESULTS"
  fi
  echo "bench: $path c=$REFRESH_CONNECTIONS #$rep $line"
}
# Warm-up (not recorded): the JIT keeps compiling the token path for about half a minute on 2 cores (the C2 compiler
# thread took 3 of every 8 s of CPU in the first four 8-s runs, then almost none).
SECONDS_PER_RUN=${BENCH_REFRESH_WARMUP:-30} run_refresh warmup-refresh-rs256 "$GW" 0 > /dev/null
SECONDS_PER_RUN=${BENCH_REFRESH_WARMUP:-30} run_refresh warmup-refresh-es256 "$GW2" 0 > /dev/null
for rep in $(seq 1 "$REPEATS"); do
  run_refresh refresh-rs256 "$GW" "$rep"
  run_refresh refresh-es256 "$GW2" "$rep"
done
if declare -f mcp_session_figures >/dev/null; then mcp_session_figures; fi

java -cp "$CP" io.mcpgw.bench.BenchReport "$RESULTS" "$OUT" BENCHMARKS.md bench/benchmarks.png $CHECK
echo "bench: wrote BENCHMARKS.md and bench/benchmarks.png"
