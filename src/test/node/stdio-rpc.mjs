// Line-delimited JSON-RPC over a child's stdio (the MCP stdio transport), with per-request timeouts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export function startStdio(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending = new Map();
  const stderr = [];
  createInterface({ input: child.stderr }).on('line', (l) => { stderr.push(l); if (stderr.length > 400) stderr.shift(); });
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg;
    try { msg = JSON.parse(line); } catch { return; }
    if (msg.id !== undefined && pending.has(msg.id) && (msg.result !== undefined || msg.error !== undefined)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr,
    exited,
    notify(method, params) {
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }) + '\n');
    },
    request(id, method, params, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, (m) => { clearTimeout(timer); resolve(m); });
        exited.then(({ code, signal }) => {
          if (pending.has(id)) {
            clearTimeout(timer);
            pending.delete(id);
            reject(new Error(`${method}: the client exited (${code ?? signal}) before answering`));
          }
        });
        child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }) + '\n');
      });
    },
    async stop() {
      child.stdin.end();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
