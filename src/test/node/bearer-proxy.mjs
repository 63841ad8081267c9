// A tiny forwarding proxy for MCP tools that cannot send a bearer token (the conformance CLI has no header option):
// every request to http://127.0.0.1:<port>/<path> goes to <target-origin>/<path> with `Authorization: Bearer <token>`
// added, request and response streamed both ways (SSE included). The token comes from the environment, never argv.
//
// usage: MCPGW_BEARER=<token> node bearer-proxy.mjs <target-origin>
// prints {"port":<port>} on stdout once listening.
import http from 'node:http';

const target = new URL(process.argv[2]);
const token = process.env.MCPGW_BEARER;
if (!token) {
  console.error('MCPGW_BEARER is not set');
  process.exit(2);
}

// The proxy stands in for the gateway: a Host (and an Origin) naming the proxy itself is rewritten to the gateway's, so
// the token's audience matches; any other Host or Origin passes unchanged (the gateway's own checks then apply).
const own = (host) => ['127.0.0.1', 'localhost', '[::1]'].some((h) => host === `${h}:${server.address().port}`);

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  if (own(req.headers.host)) {
    headers.host = target.host;
    if (req.headers.origin === `http://${req.headers.host}`) headers.origin = target.origin;
  }
  const upstream = http.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('proxy: ' + e.code);
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
