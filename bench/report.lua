-- wrk hook: one JSON line with throughput, percentiles and errors, for bench/run.sh to collect.
local method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
wrk.method = method
if body then wrk.body = body end
local h = os.getenv("WRK_HEADERS")
if h then
  for pair in string.gmatch(h, "[^\n]+") do
    local k, v = pair:match("^([^:]+):%s*(.*)$")
    if k then wrk.headers[k] = v end
  end
end
-- WRK_JSONRPC_ERRORS set (the MCP paths): a 200 whose body carries a JSON-RPC "error" counts as an error too, so a
-- server that refuses work quickly (a per-session in-flight cap, say) cannot pass it off as throughput.
local threads = {}
if os.getenv("WRK_JSONRPC_ERRORS") then
  function setup(thread) table.insert(threads, thread) end
  function init(args) rpc_errors = 0 end
  function response(status, headers, body)
    if body and body:find('"error":', 1, true) then rpc_errors = rpc_errors + 1 end
  end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  for _, thread in ipairs(threads) do errors = errors + (thread:get("rpc_errors") or 0) end
  io.write(string.format('RESULT {"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"requests":%d,"errors":%d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
