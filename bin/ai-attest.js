#!/usr/bin/env node
// Hooks go straight to the lean hook bundle; everything else loads the full CLI.
if (process.argv[2] === 'hook') {
  await import('../dist/hook.js');
} else {
  await import('../dist/cli.js');
}
