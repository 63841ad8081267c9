// A minimal newline-delimited JSON-RPC stdio MCP server for gateway tests. Each fake server script passes
// hooks that change one behaviour; everything else answers like a well-behaved server.
'use strict';
const readline = require('readline');

function send(msg) {
  process.stdout.write(JSON.stringify(msg) + '\n');
}

module.exports = function serve(hooks = {}) {
  const cancelled = [];
  const waiting = new Map();
  let nextServerId = 1;
  const tools = {
    echo: (args) => ({ content: [{ type: 'text', text: 'Echo: ' + (args.message ?? '') }] }),
    pids: () => ({ content: [{ type: 'text', text: JSON.stringify(hooks.pids ? hooks.pids() : [process.pid]) }] }),
    cancelled: () => ({ content: [{ type: 'text', text: JSON.stringify(cancelled) }] }),
    env: (args) => ({ content: [{ type: 'text', text: String(process.env[args.name] ?? '') }] }),
    notify: async (args, req) => {
      const token = req.params?._meta?.progressToken;
      send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } });
      if (token !== undefined) {
        send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } });
      }
      await new Promise((r) => setTimeout(r, 50));
      return { content: [{ type: 'text', text: 'done' }] };
    },
    ask: async () => {
      const id = 'srv-' + nextServerId++;
      const answer = new Promise((resolve) => waiting.set(id, resolve));
      send({ jsonrpc: '2.0', id, method: 'roots/list' });
      const response = await answer;
      return { content: [{ type: 'text', text: JSON.stringify(response.result ?? response.error) }] };
    },
  };
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    let msg;
    try { msg = JSON.parse(line); } catch { return; }
    if (msg.method === undefined && msg.id !== undefined) {
      const resolve = waiting.get(msg.id);
      if (resolve) { waiting.delete(msg.id); resolve(msg); }
      return;
    }
    if (msg.method === 'notifications/cancelled') { cancelled.push(msg.params.requestId); return; }
    if (msg.id === undefined) return;
    if (hooks.onRequest && hooks.onRequest(msg) === 'handled') return;
    if (msg.method === 'initialize') {
      send({ jsonrpc: '2.0', id: msg.id, result: {
        protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} }, serverInfo: { name: hooks.name ?? 'fake', version: '1.0.0' } } });
    } else if (msg.method === 'tools/list') {
      send({ jsonrpc: '2.0', id: msg.id, result: { tools: Object.keys(tools).map((name) => ({ name, inputSchema: { type: 'object' } })) } });
    } else if (msg.method === 'tools/call') {
      const tool = tools[msg.params?.name];
      if (!tool) { send({ jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: 'unknown tool' } }); return; }
      send({ jsonrpc: '2.0', id: msg.id, result: await tool(msg.params.arguments ?? {}, msg) });
    } else if (msg.method === 'ping') {
      send({ jsonrpc: '2.0', id: msg.id, result: {} });
    } else {
      send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
    }
  });
  if (!hooks.keepAliveAfterStdinEnd) rl.on('close', () => process.exit(0));
};
