# Sourced by bench/run.sh: the MCP paths (tools/call echo on server-everything) for the gateway and its peers.
EVERYTHING="node_modules/@modelcontextprotocol/server-everything/dist/index.js"
[ -f "$EVERYTHING" ] || { echo "bench: run npm ci first (server-everything missing)"; exit 2; }
(cd bench/peers && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
PROXY_PORT=$(free_port); SUPER_PORT=$(free_port)
node bench/peers/node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs --port "$PROXY_PORT" --host 127.0.0.1 --server stream \
  -- node "$EVERYTHING" stdio > "$OUT/mcp-proxy.log" 2>&1 & PIDS+=($!)
node bench/peers/node_modules/supergateway/dist/index.js --stdio "node $EVERYTHING stdio" --outputTransport streamableHttp \
  --stateful --port "$SUPER_PORT" --logLevel none > "$OUT/supergateway.log" 2>&1 & PIDS+=($!)

INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
ECHO='{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}'

# mcp_open <url> [authorization] → prints the Mcp-Session-Id of a new, initialized session
mcp_open() {
  local url=$1 auth=${2:-} sid
  for _ in $(seq 1 100); do
    sid=$(curl -s -D - -o /dev/null -X POST "$url" -H 'Content-Type: application/json' \
      -H 'Accept: application/json, text/event-stream' ${auth:+-H "Authorization: $auth"} -d "$INIT" \
      | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
    [ -n "$sid" ] && break
    sleep 0.2
  done
  [ -n "$sid" ] || { echo "bench: no session from $url" >&2; exit 1; }
  curl -s -o /dev/null -X POST "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Mcp-Session-Id: $sid" -H 'MCP-Protocol-Version: 2025-06-18' ${auth:+-H "Authorization: $auth"} \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "$sid"
}

GW_SESSION=$(mcp_open "$GW/everything/mcp" "Bearer $TOKEN")
PROXY_SESSION=$(mcp_open "http://127.0.0.1:$PROXY_PORT/mcp")
SUPER_SESSION=$(mcp_open "http://127.0.0.1:$SUPER_PORT/mcp")
mcp_headers() { printf 'Content-Type: application/json\nAccept: application/json, text/event-stream\nMCP-Protocol-Version: 2025-06-18\nMcp-Session-Id: %s%s' "$1" "${2:+
Authorization: $2}"; }

mcp_warmup() {
  run_wrk warmup-mcp 0 64 "$GW/everything/mcp" "$(mcp_headers "$GW_SESSION" "Bearer $TOKEN")" POST "$ECHO" > /dev/null
}

mcp_round() {
  local rep=$1 c=$2 line
  line=$(node bench/stdio-echo.js "$SECONDS_PER_RUN" "$c" | grep '^RESULT' | sed 's/^RESULT //')
  echo "{\"path\":\"mcp-stdio-bare\",\"repeat\":$rep,\"connections\":$c,${line#\{}" >> "$RESULTS"
  echo "bench: mcp-stdio-bare c=$c #$rep $line"
  # every MCP path counts JSON-RPC error answers as errors (bench/report.lua)
  WRK_JSONRPC_ERRORS=1 run_wrk mcp-gateway "$rep" "$c" "$GW/everything/mcp" "$(mcp_headers "$GW_SESSION" "Bearer $TOKEN")" POST "$ECHO"
  WRK_JSONRPC_ERRORS=1 run_wrk mcp-proxy "$rep" "$c" "http://127.0.0.1:$PROXY_PORT/mcp" "$(mcp_headers "$PROXY_SESSION")" POST "$ECHO"
  WRK_JSONRPC_ERRORS=1 run_wrk supergateway "$rep" "$c" "http://127.0.0.1:$SUPER_PORT/mcp" "$(mcp_headers "$SUPER_SESSION")" POST "$ECHO"
}

# Session figures: initialize latency and tools/call on server-everything (40 sessions), then BENCH_SESSIONS (default
# 1000) concurrent idle sessions on the light awk server bench/light-mcp.sh (heap, RSS and threads per session, the
# next initialize against a bare spawn, a class histogram): writes session.md and sessions.json (read by the report).
mcp_session_figures() {
  rm -f "$OUT/sessions.json" "$OUT/session-scale.md"
  java -cp "$CP" io.mcpgw.mcp.BridgeBenchmark 500 40 > "$OUT/bridge.log" 2>&1 || echo "bench: bridge figures failed"
  java -XX:NativeMemoryTracking=summary -cp "$CP" io.mcpgw.mcp.SessionScaleBenchmark "${BENCH_SESSIONS:-1000}" "$OUT" \
    > "$OUT/session-scale.log" 2>&1 || echo "bench: session scale figures failed, see $OUT/session-scale.log"
  {
    echo "On server-everything (Node), 40 idle sessions:"; echo
    echo '```'; grep -v '^ts=\|^[0-9][0-9]:' "$OUT/bridge.log"; echo '```'
    if [ -f "$OUT/session-scale.md" ]; then
      echo; echo "On bench/light-mcp.sh (awk, ~2 MB per child), ${BENCH_SESSIONS:-1000} idle sessions:"; echo
      cat "$OUT/session-scale.md"
    fi
  } > "$OUT/session.md"
}
