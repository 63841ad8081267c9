// Two clients of different MCP eras on the same service URL, interleaved: the official TypeScript SDK client
// (@modelcontextprotocol/sdk 1.32.x, protocol 2025-11-25, one session) and a scripted client of the stateless
// revision 2026-07-28 (raw HTTP: no session, MCP-Protocol-Version / Mcp-Method / Mcp-Name headers, _meta per request).
// Prints one JSON line per step on stdout: {"step":"<name>","ok":true|false,...details}; the last one is
// {"step":"done","ok":true}. The Java test asserts each step.
//
// usage: MCPGW_BEARER=<token> node both-eras-client.mjs <mcp-url>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(process.argv[2]);
const auth = { Authorization: `Bearer ${process.env.MCPGW_BEARER}` };
const V = '2026-07-28';
const emit = (step, ok, details = {}) => process.stdout.write(JSON.stringify({ step, ok, ...details }) + '\n');

let nextId = 1;
async function modern(method, params = {}, { headers = {}, name } = {}) {
  const id = nextId++;
  const body = { jsonrpc: '2.0', id, method, params: { ...params, _meta: {
    'io.modelcontextprotocol/protocolVersion': V,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'scripted-2026', version: '1.0.0' },
    ...(params._meta ?? {}) } } };
  const h = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': V, 'Mcp-Method': method, ...auth, ...headers };
  if (name !== undefined) h['Mcp-Name'] = name;
  for (const [k, v] of Object.entries(h)) if (v === null) delete h[k];
  const res = await fetch(url, { method: 'POST', headers: h, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const events = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
    json = events[events.length - 1];
  } else {
    json = text ? JSON.parse(text) : undefined;
  }
  return { id, status: res.status, sessionHeader: res.headers.get('mcp-session-id'), json };
}

async function main() {
  const client = new Client({ name: 'sdk-2025', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: auth } });
  await client.connect(transport);
  emit('sdk_connected', true, { protocol: transport.protocolVersion, session: Boolean(transport.sessionId),
    server: client.getServerVersion()?.name });

  const discover = await modern('server/discover');
  emit('modern_discover', discover.status === 200, { status: discover.status, id_echoed: discover.json?.id === discover.id,
    result: discover.json?.result, session_header: discover.sessionHeader });

  const sdkTools = await client.listTools();
  emit('sdk_tools_list', true, { names: sdkTools.tools.map((t) => t.name) });

  const modernTools = await modern('tools/list');
  emit('modern_tools_list', modernTools.status === 200, { status: modernTools.status,
    names: (modernTools.json?.result?.tools ?? []).map((t) => t.name), result_type: modernTools.json?.result?.resultType });

  for (let i = 0; i < 3; i++) {
    const [sdkEcho, modernEcho] = await Promise.all([
      client.callTool({ name: 'echo', arguments: { message: `sdk-${i}` } }),
      modern('tools/call', { name: 'echo', arguments: { message: `modern-${i}` } }, { name: 'echo' }),
    ]);
    emit(`interleaved_${i}`, true, { sdk_text: sdkEcho.content?.[0]?.text, modern_status: modernEcho.status,
      modern_text: modernEcho.json?.result?.content?.[0]?.text, modern_id_echoed: modernEcho.json?.id === modernEcho.id });
  }

  const mismatch = await modern('tools/call', { name: 'echo', arguments: { message: 'x' } }, { name: 'not-echo' });
  emit('modern_name_mismatch', true, { status: mismatch.status, code: mismatch.json?.error?.code, id_echoed: mismatch.json?.id === mismatch.id });
  const methodMismatch = await modern('tools/list', {}, { headers: { 'Mcp-Method': 'prompts/list' } });
  emit('modern_method_mismatch', true, { status: methodMismatch.status, code: methodMismatch.json?.error?.code });
  const unknown = await modern('no/such-method');
  emit('modern_unknown_method', true, { status: unknown.status, code: unknown.json?.error?.code });
  for (const method of ['GET', 'DELETE']) {
    const r = await fetch(url, { method, headers: { ...auth, 'MCP-Protocol-Version': V, Accept: 'text/event-stream' } });
    await r.text();
    emit(`modern_${method.toLowerCase()}`, true, { status: r.status, allow: r.headers.get('allow') });
  }

  // the SDK client's session is untouched by all of the above
  const after = await client.callTool({ name: 'echo', arguments: { message: 'sdk-after' } });
  emit('sdk_after', true, { text: after.content?.[0]?.text });
  await transport.terminateSession();
  await client.close();
  emit('sdk_terminated', true);
  const modernAfter = await modern('tools/call', { name: 'echo', arguments: { message: 'still-stateless' } }, { name: 'echo' });
  emit('modern_after_sdk_left', modernAfter.status === 200, { text: modernAfter.json?.result?.content?.[0]?.text });
  emit('done', true);
}

main().catch((e) => {
  emit('error', false, { error: String(e?.stack ?? e) });
  process.exit(1);
});
