// Well-behaved fake server: echo, notify (logging + progress before the result), ask (roots/list), env, pids.
require('./lib')({ name: 'basic' });
