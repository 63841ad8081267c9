// A real OpenID provider for the tests: oidc-provider (OpenID Certified) with one confidential test client, PKCE,
// a "groups" claim, refresh tokens, and its development login pages (any user name, any password).
//
// Usage: node oidc-provider-server.mjs <redirect_uri> <client_id> <client_secret>
// Prints one line "READY <issuer>" on stdout when it listens on a free loopback port.
//
// Test-only admin endpoints (never part of a real provider):
//   PUT  /test-admin/accounts/<id>   body {"email","name","groups":[...]} : creates or changes an account
//   POST /test-admin/tamper          body {"mode": "none"|"signature"|"audience"|"issuer"|"expired"|"nonce"|"foreign-key"}
//        rewrites the id_token of the next answers of the token endpoint, to test that the relying party refuses it.
//   POST /test-admin/revoke-refresh  refuses every refresh token from now on (a user disabled at the provider)
import Provider from 'oidc-provider';
import * as jose from 'jose';
import http from 'node:http';

const [redirectUri, clientId, clientSecret] = process.argv.slice(2);
const accounts = new Map();
let tamper = 'none';
let refreshRevoked = false;
let lastIdToken = null;

const signingKey = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(signingKey.privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
const foreignKey = await jose.generateKeyPair('RS256', { extractable: true });

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  cookies: { keys: ['test-cookie-key-not-secret'] },
  ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  async findAccount(ctx, id) {
    const account = accounts.get(id) ?? { email: `${id}@example.com`, name: id, groups: [] };
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: true, name: account.name,
          preferred_username: id, groups: account.groups };
      },
    };
  },
});
provider.proxy = false;

async function resign(payload, key, kid) {
  return new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
}

async function tamperIdToken(idToken) {
  const payload = jose.decodeJwt(idToken);
  switch (tamper) {
    case 'signature': {
      const parts = idToken.split('.');
      const sig = Buffer.from(parts[2], 'base64url');
      sig[sig.length - 1] ^= 0x01;
      return `${parts[0]}.${parts[1]}.${sig.toString('base64url')}`;
    }
    case 'audience': return resign({ ...payload, aud: 'another-client' }, signingKey.privateKey, jwk.kid);
    case 'issuer': return resign({ ...payload, iss: 'https://evil.example' }, signingKey.privateKey, jwk.kid);
    case 'expired': {
      const now = Math.floor(Date.now() / 1000);
      return resign({ ...payload, iat: now - 7200, exp: now - 3600 }, signingKey.privateKey, jwk.kid);
    }
    case 'nonce': return lastIdToken ?? idToken;
    case 'foreign-key': return resign(payload, foreignKey.privateKey, 'unknown-key');
    default: return idToken;
  }
}

// Wraps the token endpoint: the provider answers as usual; the id_token of the answer may then be rewritten.
provider.use(async (ctx, next) => {
  if (ctx.path === '/token' && ctx.method === 'POST' && refreshRevoked) {
    const body = await new Promise((resolve) => {
      let data = '';
      ctx.req.on('data', (c) => { data += c; });
      ctx.req.on('end', () => resolve(data));
    });
    if (new URLSearchParams(body).get('grant_type') === 'refresh_token') {
      ctx.status = 400;
      ctx.type = 'application/json';
      ctx.body = { error: 'invalid_grant', error_description: 'grant request is invalid' };
      return;
    }
    ctx.status = 400;
    ctx.body = { error: 'invalid_request' };
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.method === 'POST' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    const original = ctx.body.id_token;
    ctx.body = { ...ctx.body, id_token: await tamperIdToken(original) };
    if (jose.decodeJwt(original).nonce) {
      lastIdToken = original;
    }
  }
});

async function readJson(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data ? JSON.parse(data) : {};
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  if (!req.url.startsWith('/test-admin/')) {
    callback(req, res);
    return;
  }
  try {
    const body = await readJson(req);
    if (req.method === 'PUT' && req.url.startsWith('/test-admin/accounts/')) {
      const id = decodeURIComponent(req.url.substring('/test-admin/accounts/'.length));
      accounts.set(id, { email: body.email, name: body.name, groups: body.groups ?? [] });
    } else if (req.method === 'POST' && req.url === '/test-admin/tamper') {
      tamper = body.mode;
    } else if (req.method === 'POST' && req.url === '/test-admin/revoke-refresh') {
      refreshRevoked = true;
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(e.message));
  }
});

process.stdout.write(`READY ${issuer}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
