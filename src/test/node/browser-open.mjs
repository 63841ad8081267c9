#!/usr/bin/env node
// A stand-in for the user's web browser, for clients that "open a browser" (mcp-remote, MCP Inspector): they call
// the `open` package, whose xdg-open runs $BROWSER <url>. This performs the user's part over HTTP (consent page,
// approve or deny, development login) and then follows the final redirect to the client's own loopback callback
// server, as the browser would. One JSON line per run is appended to $MCPGW_BROWSER_LOG.
import { appendFileSync } from 'node:fs';
import { authorizeAsUser } from './consent.mjs';

const url = process.argv[2];
const log = process.env.MCPGW_BROWSER_LOG;
const record = (entry) => { if (log) appendFileSync(log, JSON.stringify(entry) + '\n'); };

try {
  const authorize = new URL(url);
  const { redirect, consent } = await authorizeAsUser(url, {
    username: process.env.MCPGW_BROWSER_USER || 'alice',
    decision: process.env.MCPGW_BROWSER_DECISION || 'approve',
  });
  const back = new URL(redirect);
  const callback = await fetch(back, { redirect: 'manual' });
  record({
    ok: true,
    authorize: { endpoint: authorize.origin + authorize.pathname, client_id: authorize.searchParams.get('client_id'),
      redirect_uri: authorize.searchParams.get('redirect_uri'), resource: authorize.searchParams.get('resource'),
      scope: authorize.searchParams.get('scope'), code_challenge_method: authorize.searchParams.get('code_challenge_method'),
      state: !!authorize.searchParams.get('state') },
    consent,
    redirect: { to: back.origin + back.pathname, code: !!back.searchParams.get('code'),
      state_matches: back.searchParams.get('state') === authorize.searchParams.get('state'),
      iss: back.searchParams.get('iss'), error: back.searchParams.get('error') },
    callback_status: callback.status,
  });
} catch (e) {
  record({ ok: false, url, error: String(e?.stack || e) });
  process.exit(1);
}
