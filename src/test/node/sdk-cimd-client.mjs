// Drives the official MCP TypeScript SDK client (@modelcontextprotocol/sdk) with a Client ID Metadata Document:
// the OAuthClientProvider has a clientMetadataUrl, so when the authorization server advertises
// client_id_metadata_document_supported the SDK uses that URL as client_id and registers nothing.
// Prints one JSON line per step on stdout: {"step":"<name>","ok":true|false,...details}; the last is "done".
//
// usage: node sdk-cimd-client.mjs <mcp-url> <client-metadata-url> [username]
import { randomBytes, createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { authorizeAsUser } from './consent.mjs';

const serverUrl = new URL(process.argv[2]);
const metadataUrl = process.argv[3];
const username = process.argv[4] || 'alice';
const REDIRECT = 'http://127.0.0.1:33418/oauth/callback';

function emit(step, ok, details = {}) {
  process.stdout.write(JSON.stringify({ step, ok, ...details }) + '\n');
}
const fp = (t) => (t ? createHash('sha256').update(t).digest('hex').slice(0, 16) : null);
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

const trace = [];
async function tracingFetch(input, init = {}) {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  const res = await fetch(input, init);
  let body;
  if (String(url).endsWith('/token')) body = String(init.body ?? '');
  trace.push({ method: init.method || 'GET', url: String(url), status: res.status, token_form: body });
  return res;
}

class Provider {
  constructor() {
    this.expectedState = randomBytes(16).toString('base64url');
    this._client = undefined;
    this._tokens = undefined;
    this._verifier = undefined;
    this.authorizationUrl = undefined;
  }
  get redirectUrl() { return REDIRECT; }
  get clientMetadataUrl() { return metadataUrl; }
  get clientMetadata() {
    return {
      client_name: 'mcpgw SDK CIMD client test',
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

  let client = new Client({ name: 'mcpgw-sdk-cimd-test', version: '1.0.0' });
  let transport = newTransport();
  try {
    await client.connect(transport);
    emit('unauthorized', false, { error: 'connected without a token' });
    return;
  } catch (e) {
    emit('unauthorized', e instanceof UnauthorizedError && trace[0]?.status === 401, { error: String(e) });
  }
  const registrations = trace.filter((t) => t.url.endsWith('/register'));
  emit('no_registration', registrations.length === 0, { register_requests: registrations.length });

  const authUrl = provider.authorizationUrl;
  const q = authUrl ? authUrl.searchParams : new URLSearchParams();
  emit('authorization_request', !!authUrl && q.get('client_id') === metadataUrl, {
    client_id: q.get('client_id'), code_challenge_method: q.get('code_challenge_method'), resource: q.get('resource'),
  });

  const { redirect, consent } = await authorizeAsUser(authUrl.href, { username });
  const back = new URL(redirect);
  const code = back.searchParams.get('code');
  emit('consent_and_login', `${back.origin}${back.pathname}` === REDIRECT && !!code
    && back.searchParams.get('state') === provider.expectedState, { consent, has_code: !!code });

  await transport.finishAuth(code);
  const tokens = provider.tokens();
  const tokenForm = new URLSearchParams(trace.filter((t) => t.url.endsWith('/token')).at(-1)?.token_form ?? '');
  emit('token', !!tokens?.access_token && !!tokens?.refresh_token, {
    form_client_id: tokenForm.get('client_id'), form_has_secret: tokenForm.has('client_secret'),
    claims_client_id: claims(tokens.access_token).client_id, aud: claims(tokens.access_token).aud,
  });

  client = new Client({ name: 'mcpgw-sdk-cimd-test', version: '1.0.0' });
  transport = newTransport();
  await client.connect(transport);
  const message = `hello from a CIMD client ${randomBytes(4).toString('hex')}`;
  const r1 = await client.callTool({ name: 'echo', arguments: { message } });
  emit('tools_call', r1.content?.[0]?.text === `Echo: ${message}`, { text: r1.content?.[0]?.text });

  const before = provider.tokens();
  provider.saveTokens({ ...before, access_token: before.access_token.slice(0, -6) + 'AAAAAA' });
  const mark = trace.length;
  const message2 = `after refresh ${randomBytes(4).toString('hex')}`;
  const r2 = await client.callTool({ name: 'echo', arguments: { message: message2 } });
  const refreshCalls = trace.slice(mark).filter((t) => t.url.endsWith('/token'));
  const after = provider.tokens();
  emit('refresh', refreshCalls.some((t) => t.status === 200) && after.refresh_token !== before.refresh_token
    && r2.content?.[0]?.text === `Echo: ${message2}`, {
    form_client_id: new URLSearchParams(refreshCalls.at(-1)?.token_form ?? '').get('client_id'),
    old_access_token_fp: fp(before.access_token), new_access_token_fp: fp(after.access_token),
  });
  await transport.terminateSession();
  await client.close();
  emit('done', true, { requests: trace.length });
}

main().then(() => process.exit(0), (e) => {
  emit('error', false, { error: String(e?.stack || e) });
  process.exit(1);
});
