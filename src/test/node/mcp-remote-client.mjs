// Drives mcp-remote 0.15.x (the stdio <-> remote MCP bridge most desktop clients use) against the gateway: mcp-remote
// runs as a child exactly as a desktop client starts it (node node_modules/mcp-remote/dist/proxy.js <url>), does
// its own discovery, dynamic registration with its loopback redirect http://localhost:<port derived from the URL>/
// oauth/callback, and "opens the browser" through $BROWSER = browser-open.mjs (consent + development login over
// HTTP, then the redirect to mcp-remote's callback server). This script is the desktop client on its stdio:
// initialize, tools/list, tools/call echo. One JSON line per step on stdout, like sdk-client.mjs.
//
// usage: node mcp-remote-client.mjs <mcp-url> [extra mcp-remote args...]
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { browserRecords, emit, readJsonl } from './driver-support.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startStdio } from './stdio-rpc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const serverUrl = process.argv[2];
const extra = process.argv.slice(3);
const timeoutMs = Number(process.env.MCPGW_STEP_TIMEOUT_MS || 40000);

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'mcp-remote-'));
const browserLog = path.join(work, 'browser.jsonl');

function stored(suffix) {
  const dir = path.join(work, 'config');
  if (!existsSync(dir)) return null;
  for (const sub of readdirSync(dir)) {
    const d = path.join(dir, sub);
    const f = readdirSync(d).find((n) => n.endsWith(suffix));
    if (f) return JSON.parse(readFileSync(path.join(d, f), 'utf8'));
  }
  return null;
}

const env = { ...process.env, BROWSER: path.join(here, 'browser-open.mjs'), MCPGW_BROWSER_LOG: browserLog,
  MCP_REMOTE_CONFIG_DIR: path.join(work, 'config') };
delete env.DISPLAY;
delete env.WAYLAND_DISPLAY;
const remote = startStdio(process.execPath, [path.join(root, 'node_modules/mcp-remote/dist/proxy.js'), serverUrl, ...extra],
  { env, cwd: work });

async function main() {
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules/mcp-remote/package.json'), 'utf8')).version;
  const init = await remote.request(1, 'initialize', {
    protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcpgw-mcp-remote-test', version: '1.0.0' },
  }, timeoutMs);

  // What happened before initialize could be answered: the OAuth flow.
  const browser = await browserRecords(browserLog);
  const b = browser[0] || {};
  emit('browser_opened', browser.length === 1 && b.ok === true, { runs: browser.length, error: b.error });
  const clientInfo = stored('_client_info.json');
  emit('registration', !!clientInfo?.client_id, {
    mcp_remote_version: version, client_id: clientInfo?.client_id, redirect_uris: clientInfo?.redirect_uris,
    client_name: clientInfo?.client_name,
  });
  emit('authorization_request', b.authorize?.code_challenge_method === 'S256', { authorize: b.authorize });
  emit('consent_and_login', b.redirect?.code === true && b.redirect?.state_matches === true && b.callback_status === 200,
    { consent: b.consent, redirect: b.redirect, callback_status: b.callback_status });
  const tokens = stored('_tokens.json');
  const c = tokens?.access_token ? claims(tokens.access_token) : {};
  emit('token', !!tokens?.access_token, {
    has_refresh_token: !!tokens?.refresh_token, scope: tokens?.scope,
    claims: { aud: c.aud, client_id: c.client_id, scope: c.scope, username: c.username, iss: c.iss },
  });

  emit('initialize', !!init.result?.protocolVersion, { protocol_version: init.result?.protocolVersion,
    server: init.result?.serverInfo, error: init.error });
  remote.notify('notifications/initialized');

  const list = await remote.request(2, 'tools/list', {}, timeoutMs);
  const names = (list.result?.tools || []).map((t) => t.name);
  emit('tools_list', names.includes('echo'), { tools: names, error: list.error });

  const message = `hello through mcp-remote ${randomBytes(4).toString('hex')}`;
  const call = await remote.request(3, 'tools/call', { name: 'echo', arguments: { message } }, timeoutMs);
  const text = call.result?.content?.[0]?.text;
  emit('tools_call', text === `Echo: ${message}`, { sent: message, text, error: call.error });
  emit('done', true);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  emit('error', false, { error: String(e?.stack || e), browser: readJsonl(browserLog), mcp_remote_stderr: remote.stderr.slice(-40) });
} finally {
  await remote.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
