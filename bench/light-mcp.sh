#!/bin/sh
# A light stdio MCP server for benchmarks: one awk process (about 1–2 MB RSS, no Node, no gcc; only what a Debian
# base system has). Newline-delimited JSON-RPC on stdin/stdout (MCP stdio transport):
#   initialize   → the client's protocolVersion when it is one of 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25
#                  (else 2025-11-25), serverInfo light-mcp, capabilities {tools:{}}
#   ping         → {}
#   tools/list   → one tool, echo {message: string}
#   tools/call   → echo: "Echo: <message>"; another tool, or no message: error -32602
#   notifications and responses (no id or no method) → ignored
#   anything else → error -32601
# It reads one message per line and expects the usual key order of a JSON-RPC request (jsonrpc, id, method, params,
# as every MCP client and the gateway write them): it is a load-test server, not a JSON parser.
# Usage: bench/light-mcp.sh (as the command of a service file, or piped to by hand).
PROGRAM='
function send(text) { print text; fflush() }
function result(id, value) { send("{\"jsonrpc\":\"2.0\",\"id\":" id ",\"result\":" value "}") }
function failure(id, code, message) {
  send("{\"jsonrpc\":\"2.0\",\"id\":" id ",\"error\":{\"code\":" code ",\"message\":\"" message "\"}}")
}
# the JSON string value of the first "key": "…" on the line, quotes included ("" when there is none)
function string_of(key,   s) {
  if (!match($0, "\"" key "\"[ \t]*:[ \t]*\"([^\"\\\\]|\\\\.)*\"")) return ""
  s = substr($0, RSTART, RLENGTH)
  sub(/^"[^"]*"[ \t]*:[ \t]*/, "", s)
  return s
}
BEGIN {
  split("2024-11-05 2025-03-26 2025-06-18 2025-11-25", list, " ")
  for (i in list) known["\"" list[i] "\""] = 1
  tools = "{\"tools\":[{\"name\":\"echo\",\"description\":\"Echoes back the input\",\"inputSchema\":{\"type\":\"object\"," \
    "\"properties\":{\"message\":{\"type\":\"string\",\"description\":\"Message to echo\"}},\"required\":[\"message\"]}}]}"
}
{
  sub(/\r$/, "")
  if (!match($0, /"id"[ \t]*:[ \t]*(-?[0-9]+|"([^"\\]|\\.)*")/)) next
  id = substr($0, RSTART, RLENGTH)
  sub(/^"id"[ \t]*:[ \t]*/, "", id)
  method = string_of("method")
  if (method == "") next
  if (method == "\"initialize\"") {
    version = string_of("protocolVersion")
    if (!(version in known)) version = "\"2025-11-25\""
    result(id, "{\"protocolVersion\":" version ",\"capabilities\":{\"tools\":{}}," \
      "\"serverInfo\":{\"name\":\"light-mcp\",\"version\":\"1.0.0\"}}")
  } else if (method == "\"ping\"") {
    result(id, "{}")
  } else if (method == "\"tools/list\"") {
    result(id, tools)
  } else if (method == "\"tools/call\"") {
    name = string_of("name")
    message = string_of("message")
    if (name != "\"echo\"") failure(id, -32602, "Unknown tool")
    else if (message == "") failure(id, -32602, "echo needs a string message")
    else result(id, "{\"content\":[{\"type\":\"text\",\"text\":\"Echo: " substr(message, 2) "}]}")
  } else {
    failure(id, -32601, "Method not found")
  }
}'
# mawk (Debian's awk) reads a pipe in blocks unless told to go line by line
if command -v mawk >/dev/null 2>&1; then exec mawk -W interactive "$PROGRAM"; fi
exec awk "$PROGRAM"
