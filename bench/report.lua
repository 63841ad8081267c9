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
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('RESULT {"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"requests":%d,"errors":%d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
