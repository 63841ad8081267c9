// The user's part of the authorization flow, done over plain HTTP the way a browser would (cookies, form fields,
// one hop at a time): GET /authorize -> consent page -> POST /consent (approve or deny) -> development login page
// -> POST /login -> the redirect to the client's redirect_uri. Returns every hop so callers can report it.
// Uses the global fetch (its dispatcher may be replaced by hostmap.mjs for the host form).

function hidden(html, name) {
  const m = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!m) throw new Error(`no hidden field ${name} in page: ${html.slice(0, 300)}`);
  return m[1];
}

function text(html, id) {
  const m = html.match(new RegExp(`id="${id}">([^<]*)<`));
  return m ? m[1] : null;
}

class Jar {
  constructor() { this.cookies = new Map(); }
  header(url) {
    const jar = this.cookies.get(new URL(url).host);
    return jar && jar.size ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }
  store(url, res) {
    const host = new URL(url).host;
    if (!this.cookies.has(host)) this.cookies.set(host, new Map());
    for (const sc of res.headers.getSetCookie()) {
      const [nv] = sc.split(';');
      const i = nv.indexOf('=');
      this.cookies.get(host).set(nv.slice(0, i), nv.slice(i + 1));
    }
  }
}

async function hop(jar, url, init = {}) {
  const headers = { ...(init.headers || {}) };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(url, res);
  const body = await res.text();
  return { status: res.status, location: res.headers.get('location'), body };
}

function form(fields) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

/**
 * @returns {Promise<{redirect: string, consent: object}>} redirect = the Location sent to the client's redirect_uri
 */
export async function authorizeAsUser(authorizeUrl, { username = 'alice', decision = 'approve' } = {}) {
  const jar = new Jar();
  const page = await hop(jar, authorizeUrl);
  if (page.status !== 200) {
    throw new Error(`authorize answered ${page.status} ${page.location || page.body.slice(0, 300)}`);
  }
  const consent = {
    clientName: text(page.body, 'client-name'),
    clientHost: text(page.body, 'client-host'),
    redirectHost: text(page.body, 'redirect-host'),
    services: text(page.body, 'services'),
    scopes: text(page.body, 'scopes'),
  };
  const decided = await hop(jar, new URL('/consent', authorizeUrl).href, form({
    request: hidden(page.body, 'request'),
    csrf_token: hidden(page.body, 'csrf_token'),
    decision,
  }));
  if (decided.status !== 302 && decided.status !== 303) {
    throw new Error(`consent answered ${decided.status} ${decided.body.slice(0, 300)}`);
  }
  if (decision !== 'approve') return { redirect: decided.location, consent };
  const loginUrl = new URL(decided.location, authorizeUrl).href;
  const login = await hop(jar, loginUrl);
  if (login.status !== 200) throw new Error(`login page answered ${login.status}`);
  const done = await hop(jar, new URL('/login', loginUrl).href, form({
    state: hidden(login.body, 'state'),
    username,
  }));
  if (done.status !== 302 && done.status !== 303) {
    throw new Error(`login answered ${done.status} ${done.body.slice(0, 300)}`);
  }
  return { redirect: done.location, consent };
}
