// Fake server whose answers cost the gateway memory: big (a result of N bytes, id first), bigTail (the same with the
// id last, as the TypeScript SDK writes it), slow (answers after N ms), flood (N notifications of N bytes, then done).
'use strict';
const out = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');
require('./lib')({
  name: 'bulky',
  onRequest(msg) {
    if (msg.method !== 'tools/call') return undefined;
    const a = msg.params?.arguments ?? {};
    const text = (t) => ({ content: [{ type: 'text', text: t }] });
    switch (msg.params?.name) {
      case 'big': out({ jsonrpc: '2.0', id: msg.id, result: text('x'.repeat(a.bytes)) }); return 'handled';
      case 'bigTail': out({ result: text('x'.repeat(a.bytes)), jsonrpc: '2.0', id: msg.id }); return 'handled';
      case 'slow': setTimeout(() => out({ jsonrpc: '2.0', id: msg.id, result: text('slow done') }), a.ms); return 'handled';
      case 'flood':
        for (let i = 0; i < a.count; i++) {
          out({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'y'.repeat(a.bytes) } });
        }
        out({ jsonrpc: '2.0', id: msg.id, result: text('flooded') });
        return 'handled';
      default: return undefined;
    }
  },
});
