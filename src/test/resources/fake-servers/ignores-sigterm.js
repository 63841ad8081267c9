// Ignores SIGTERM and stdin EOF, and starts a grandchild that ignores SIGTERM too: only SIGKILL of the whole
// tree ends it. "pids" answers [own pid, grandchild pid].
const { spawn } = require('child_process');
process.on('SIGTERM', () => {});
const grandchild = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);"], { stdio: 'ignore' });
setInterval(() => {}, 1000);
require('./lib')({ name: 'ignores-sigterm', keepAliveAfterStdinEnd: true, pids: () => [process.pid, grandchild.pid] });
