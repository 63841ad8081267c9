// Host form without DNS: preloaded with `node --import <this file>` (NODE_OPTIONS, so child processes get it too).
// Connections to *.<MCPGW_HOSTMAP_DOMAIN> go to 127.0.0.1:<MCPGW_HOSTMAP_PORT> (a local TLS reverse proxy) with the
// original name as TLS SNI and Host header; the certificate is verified against NODE_EXTRA_CA_CERTS. The clients
// themselves are unchanged: they see https://mcp-<service>.<domain>/mcp exactly as in production.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const domain = process.env.MCPGW_HOSTMAP_DOMAIN;
const port = Number(process.env.MCPGW_HOSTMAP_PORT);
if (domain && port) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  // undici 7 (a dependency of mcp-remote) runs on Node 20 and 22; the top-level undici 8 needs Node 22. Every
  // undici and Node's own fetch share one global dispatcher (Symbol.for('undici.globalDispatcher.1')).
  const require = createRequire(path.join(root, 'node_modules/mcp-remote/package.json'));
  const undici = require('undici');
  const connector = undici.buildConnector({});
  const matches = (h) => h === domain || h.endsWith('.' + domain);
  const agent = new undici.Agent({
    connect(opts, cb) {
      if (matches(opts.hostname)) {
        return connector({ ...opts, hostname: '127.0.0.1', port: String(port), servername: opts.hostname }, cb);
      }
      return connector(opts, cb);
    },
  });
  undici.setGlobalDispatcher(agent);
}
