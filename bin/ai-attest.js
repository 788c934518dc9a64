#!/usr/bin/env node
// Hooks, and `record` (run by agents' hooks), go straight to the lean hook bundle; everything
// else loads the full CLI.
const help = process.argv.includes('--help') || process.argv.includes('-h');
if (process.argv[2] === 'record' && !help) process.argv.splice(2, 0, 'hook');
if (process.argv[2] === 'hook') {
  await import('../dist/hook.js');
} else {
  await import('../dist/cli.js');
}
