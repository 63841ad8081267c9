// The loopback HTTP floor: the cheapest possible 200, to compare every other path against.
const http = require('http');
const port = Number(process.argv[2] || 18080);
http.createServer((req, res) => { res.writeHead(200, {'Content-Type': 'text/plain'}); res.end('ok'); })
  .listen(port, '127.0.0.1');
