// Writes megabytes to stderr all the time: a gateway that does not drain stderr blocks this child.
const chunk = 'x'.repeat(1023) + '\n';
function flood() {
  for (let i = 0; i < 1024; i++) process.stderr.write(chunk);
}
flood();
setInterval(flood, 20);
require('./lib')({ name: 'stderr-flood', onRequest: () => { flood(); } });
