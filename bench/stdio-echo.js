// The bare stdio round trip: tools/call echo straight to server-everything over stdio, no HTTP.
// node bench/stdio-echo.js <seconds> <in-flight>  → prints one RESULT line like wrk's hook.
const { spawn } = require('child_process');
const path = require('path');
const seconds = Number(process.argv[2] || 10);
const inFlight = Number(process.argv[3] || 1);
const server = path.join(__dirname, '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const child = spawn(process.execPath, [server, 'stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
let buf = '';
let nextId = 1;
const pending = new Map();
const latencies = [];
let done = false;
let count = 0;
child.stdout.on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
    if (!line.trim()) continue;
    const msg = JSON.parse(line);
    const start = pending.get(msg.id);
    if (start === undefined) continue;
    pending.delete(msg.id);
    if (msg.id > 1) { latencies.push(Number(process.hrtime.bigint() - start) / 1e6); count++; }
    if (msg.id === 1) {
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
      const end = Date.now() + seconds * 1000;
      setTimeout(() => { done = true; }, seconds * 1000);
      startTime = process.hrtime.bigint();
      for (let i = 0; i < inFlight; i++) send();
    } else if (!done) {
      send();
    } else if (pending.size === 0) {
      finish();
    }
  }
});
let startTime;
function send() {
  const id = ++nextId;
  pending.set(id, process.hrtime.bigint());
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call',
    params: { name: 'echo', arguments: { message: 'hello' } } }) + '\n');
}
function finish() {
  const elapsed = Number(process.hrtime.bigint() - startTime) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1)];
  process.stdout.write(`RESULT {"rps":${(count / elapsed).toFixed(1)},"p50_ms":${pct(50).toFixed(3)},"p99_ms":${pct(99).toFixed(3)},"requests":${count},"errors":0}\n`);
  child.kill();
  process.exit(0);
}
pending.set(1, process.hrtime.bigint());
child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
  protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } }) + '\n');
