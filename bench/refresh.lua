-- wrk script: refresh_token grants with rotation, POST /token. Each response's new refresh token is the one the next
-- request uses (a pool per wrk thread; every request spends one token, every 200 gives one back). The first tokens
-- come from REFRESH_TOKENS (a file: the client_id on the first line, then one refresh token per line), dealt out
-- among the threads. Prints the RESULT line of bench/report.lua (its done function; run from the repository root).
dofile("bench/report.lua")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("REFRESH_TOKENS"), "r"))
  client = file:read("*l")
  pool = {}
  local n = 0
  for line in file:lines() do
    if n % tonumber(os.getenv("WRK_THREADS") or "1") == index then table.insert(pool, line) end
    n = n + 1
  end
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local token = table.remove(pool) or "spent"
  return wrk.format(nil, "/token", nil, "grant_type=refresh_token&client_id=" .. client .. "&refresh_token=" .. token)
end

function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then table.insert(pool, token) end
end
