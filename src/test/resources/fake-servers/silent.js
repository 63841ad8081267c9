// Never answers tools/call "hang" (the gateway must time out and send notifications/cancelled).
require('./lib')({ name: 'silent', onRequest: (msg) => (msg.method === 'tools/call' && msg.params?.name === 'hang' ? 'handled' : undefined) });
