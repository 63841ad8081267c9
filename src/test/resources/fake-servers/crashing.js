// Crashes in the middle of any tools/call except echo: the gateway must fail the pending call at once.
require('./lib')({ name: 'crashing', onRequest: (msg) => {
  if (msg.method === 'tools/call' && msg.params?.name !== 'echo') {
    process.stderr.write('about to crash\n');
    process.exit(3);
  }
} });
