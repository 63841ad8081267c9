// Drives the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, StreamableHTTPClientTransport) through a
// dropped SSE connection: it calls server-everything's long-running tool with a progress callback, its fetch cuts the
// POST's SSE stream after a few progress notifications (as a network failure would: the socket is closed and the
// stream errors), and the SDK resumes by itself with a GET carrying Last-Event-ID. One JSON line per step on stdout:
//   {"step":"<name>","ok":true|false,...details}
// The last line is {"step":"done","ok":true} when every step ran. The Java test asserts each step.
//
// usage: node sdk-resume-client.mjs <mcp-url> <bearer-token> <progress-events-before-the-drop> <steps>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

const url = new URL(process.argv[2]);
const token = process.argv[3];
const dropAfter = Number(process.argv[4] || 2);
const steps = Number(process.argv[5] || 6);

function emit(step, ok, details = {}) {
  process.stdout.write(JSON.stringify({ step, ok, ...details }) + '\n');
}

// Every MCP HTTP exchange, and the one cut POST stream.
const exchanges = [];
let cut = false;
async function droppingFetch(input, init = {}) {
  const res = await fetch(input, init);
  const method = init.method || 'GET';
  const headers = new Headers(init.headers);
  exchanges.push({ method, status: res.status, type: res.headers.get('content-type'),
    lastEventId: headers.get('last-event-id') || undefined });
  const isLongCall = method === 'POST' && typeof init.body === 'string' && init.body.includes('trigger-long-running-operation');
  if (cut || !isLongCall || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
    return res;
  }
  cut = true;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let text = '';
  let progressSeen = 0;
  let dropNow = false;
  const body = new ReadableStream({
    async pull(controller) {
      if (dropNow) {
        await reader.cancel(); // the socket goes away
        controller.error(new TypeError('simulated network failure'));
        return;
      }
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        text += decoder.decode(value, { stream: true });
        let out = '';
        let end;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const event = text.slice(0, end + 2);
          text = text.slice(end + 2);
          out += event;
          if (event.includes('notifications/progress') && ++progressSeen >= dropAfter) {
            dropNow = true;
            break;
          }
        }
        if (out) {
          controller.enqueue(encoder.encode(out));
          return;
        }
      }
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

try {
  const transport = new StreamableHTTPClientTransport(url, {
    fetch: droppingFetch,
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    reconnectionOptions: { initialReconnectionDelay: 200, maxReconnectionDelay: 2000, reconnectionDelayGrowFactor: 1.5,
      maxRetries: 5 },
  });
  const errors = [];
  transport.onerror = (e) => errors.push(String(e?.message || e));
  const client = new Client({ name: 'mcpgw resume test', version: '1.0.0' });
  await client.connect(transport);
  emit('initialize', transport.protocolVersion === '2025-11-25' && !!transport.sessionId,
    { protocolVersion: transport.protocolVersion });

  const progress = [];
  const result = await client.callTool(
    { name: 'trigger-long-running-operation', arguments: { duration: steps * 0.4, steps } },
    CallToolResultSchema,
    { onprogress: (p) => progress.push(p.progress), timeout: 60000 });
  const text = result.content?.[0]?.text || '';
  const expected = Array.from({ length: steps }, (_, i) => i + 1);
  const resumes = exchanges.filter((e) => e.method === 'GET' && e.lastEventId);
  emit('cut', cut, { dropAfter });
  emit('resumed', resumes.length >= 1 && resumes.every((r) => r.status === 200 && r.type?.startsWith('text/event-stream')),
    { resumes });
  emit('progress', JSON.stringify(progress) === JSON.stringify(expected), { progress, expected });
  emit('result', text.includes('Long running operation completed'), { text });
  const echo = await client.callTool({ name: 'echo', arguments: { message: 'after the resume' } });
  emit('session-goes-on', echo.content?.[0]?.text === 'Echo: after the resume', { text: echo.content?.[0]?.text });
  await transport.terminateSession();
  await client.close();
  emit('done', true, { errors, exchanges: exchanges.length });
} catch (e) {
  emit('error', false, { error: String(e?.stack || e), exchanges });
  process.exitCode = 1;
}
