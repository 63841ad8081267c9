// Drives the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, StreamableHTTPClientTransport with an
// OAuthClientProvider) against the gateway, end to end, and prints one JSON line per step on stdout:
//   {"step":"<name>","ok":true|false,...details}
// The last line is {"step":"done","ok":true} when every step ran. The Java IT asserts each step.
//
// usage: node sdk-client.mjs <mcp-url> [username]
import { randomBytes, createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { authorizeAsUser } from './consent.mjs';

const serverUrl = new URL(process.argv[2]);
const username = process.argv[3] || 'alice';
const REDIRECT = 'http://127.0.0.1:33418/oauth/callback';

function emit(step, ok, details = {}) {
  process.stdout.write(JSON.stringify({ step, ok, ...details }) + '\n');
}
const fp = (t) => (t ? createHash('sha256').update(t).digest('hex').slice(0, 16) : null);
function claims(jwt) {
  const [, payload] = jwt.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

// Every HTTP exchange the SDK makes (discovery, registration, token, MCP), recorded without secrets.
const trace = [];
async function tracingFetch(input, init = {}) {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  const res = await fetch(input, init);
  trace.push({ method: init.method || 'GET', url: String(url), status: res.status,
    www: res.headers.get('www-authenticate') || undefined });
  return res;
}
const seen = (pred) => trace.filter(pred);

class Provider {
  constructor() {
    this.expectedState = randomBytes(16).toString('base64url');
    this._client = undefined;
    this._tokens = undefined;
    this._verifier = undefined;
    this.authorizationUrl = undefined;
  }
  get redirectUrl() { return REDIRECT; }
  get clientMetadata() {
    return {
      client_name: 'mcpgw SDK client test',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() { return this.expectedState; }
  clientInformation() { return this._client; }
  saveClientInformation(info) { this._client = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(v) { this._verifier = v; }
  codeVerifier() { return this._verifier; }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this._client = undefined;
    if (scope === 'all' || scope === 'tokens') this._tokens = undefined;
    if (scope === 'all' || scope === 'verifier') this._verifier = undefined;
  }
}

async function main() {
  const provider = new Provider();
  const newTransport = () => new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: tracingFetch });

  // 1. No token: the SDK gets a 401, discovers, registers and asks for the user's authorization.
  let client = new Client({ name: 'mcpgw-sdk-test', version: '1.0.0' });
  let transport = newTransport();
  try {
    await client.connect(transport);
    emit('unauthorized', false, { error: 'connected without a token' });
    return;
  } catch (e) {
    const first = trace[0];
    emit('unauthorized', e instanceof UnauthorizedError && first?.status === 401,
      { error: String(e), status: first?.status, www_authenticate: first?.www });
  }
  const prm = seen((t) => t.url.includes('/.well-known/oauth-protected-resource'));
  emit('protected_resource_metadata', prm.some((t) => t.status === 200), { requests: prm });
  const asm = seen((t) => t.url.includes('/.well-known/oauth-authorization-server') || t.url.includes('/.well-known/openid-configuration'));
  emit('authorization_server_metadata', asm.some((t) => t.status === 200), { requests: asm });
  const reg = seen((t) => t.url.endsWith('/register') && t.method === 'POST');
  emit('registration', reg.length === 1 && reg[0].status === 201 && !!provider.clientInformation()?.client_id,
    { status: reg[0]?.status, client_id: provider.clientInformation()?.client_id });

  const authUrl = provider.authorizationUrl;
  const q = authUrl ? authUrl.searchParams : new URLSearchParams();
  emit('authorization_request', !!authUrl && q.get('code_challenge_method') === 'S256' && !!q.get('code_challenge'), {
    endpoint: authUrl ? authUrl.origin + authUrl.pathname : null,
    resource: q.get('resource'), scope: q.get('scope'), state_sent: q.get('state') === provider.expectedState,
    redirect_uri: q.get('redirect_uri'),
  });

  // 2. The user: consent page, approve, development login; the browser ends at the redirect_uri.
  const { redirect, consent } = await authorizeAsUser(authUrl.href, { username });
  const back = new URL(redirect);
  const code = back.searchParams.get('code');
  emit('consent_and_login', `${back.origin}${back.pathname}` === REDIRECT && !!code
    && back.searchParams.get('state') === provider.expectedState, {
    consent, redirect_to: `${back.origin}${back.pathname}`, has_code: !!code,
    state_matches: back.searchParams.get('state') === provider.expectedState, iss: back.searchParams.get('iss'),
  });

  // 3. Code exchange through the SDK.
  await transport.finishAuth(code);
  const tokens = provider.tokens();
  const c1 = claims(tokens.access_token);
  emit('token', !!tokens.access_token && !!tokens.refresh_token, {
    token_type: tokens.token_type, scope: tokens.scope, expires_in: tokens.expires_in,
    has_refresh_token: !!tokens.refresh_token, access_token_fp: fp(tokens.access_token),
    claims: { aud: c1.aud, client_id: c1.client_id, scope: c1.scope, username: c1.username, iss: c1.iss, sub: c1.sub },
  });

  // 4. MCP with the token.
  client = new Client({ name: 'mcpgw-sdk-test', version: '1.0.0' });
  transport = newTransport();
  await client.connect(transport);
  const sessionId = transport.sessionId;
  emit('initialize', !!sessionId, {
    session_id_present: !!sessionId, server: client.getServerVersion(),
    protocol_version: transport.protocolVersion ?? null,
  });

  const list = await client.listTools();
  const names = list.tools.map((t) => t.name);
  emit('tools_list', names.includes('echo'), { tools: names });

  const message = `hello from the SDK ${randomBytes(4).toString('hex')}`;
  const r1 = await client.callTool({ name: 'echo', arguments: { message } });
  emit('tools_call', r1.content?.[0]?.text === `Echo: ${message}`, { sent: message, text: r1.content?.[0]?.text });

  // 5. Refresh: the access token the provider holds is no longer accepted (here: replaced by a stale value, as
  //    after expiry); the next request gets 401 invalid_token and the SDK refreshes with the refresh token.
  const before = provider.tokens();
  provider.saveTokens({ ...before, access_token: before.access_token.slice(0, -6) + 'AAAAAA' });
  const traceMark = trace.length;
  const message2 = `after refresh ${randomBytes(4).toString('hex')}`;
  const r2 = await client.callTool({ name: 'echo', arguments: { message: message2 } });
  const after = provider.tokens();
  const refreshCalls = trace.slice(traceMark).filter((t) => t.url.endsWith('/token'));
  const rejected = trace.slice(traceMark).find((t) => t.status === 401);
  emit('refresh', after.access_token !== before.access_token && after.refresh_token !== before.refresh_token
    && refreshCalls.some((t) => t.status === 200), {
    old_access_token_fp: fp(before.access_token), new_access_token_fp: fp(after.access_token),
    refresh_token_rotated: after.refresh_token !== before.refresh_token,
    token_requests: refreshCalls, rejected_with: rejected?.www ?? null,
    new_claims: { aud: claims(after.access_token).aud, client_id: claims(after.access_token).client_id },
  });
  emit('tools_call_after_refresh', r2.content?.[0]?.text === `Echo: ${message2}`, { sent: message2, text: r2.content?.[0]?.text });

  // 6. DELETE the session, then the same session id is gone (404).
  const protocolVersion = transport.protocolVersion;
  await transport.terminateSession();
  const del = trace.filter((t) => t.method === 'DELETE').at(-1);
  const probe = await fetch(serverUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${after.access_token}`, 'content-type': 'application/json',
      accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId,
      ...(protocolVersion ? { 'mcp-protocol-version': protocolVersion } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list' }),
  });
  emit('terminate_session', del?.status === 200 || del?.status === 204, { delete_status: del?.status ?? null });
  emit('after_delete', probe.status === 404, { status: probe.status });
  await client.close();
  emit('done', true, { requests: trace.length });
}

main().then(() => process.exit(0), (e) => {
  emit('error', false, { error: String(e?.stack || e) });
  process.exit(1);
});
