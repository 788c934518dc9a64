#!/usr/bin/env node
// Hooks go straight to the lean hook bundle, and `record` (run by agents' hooks after every edit)
// to its code-cached one through the hook loader; everything else loads the full CLI.
const help = process.argv.includes('--help') || process.argv.includes('-h');
if (process.argv[2] === 'record' && !help) {
  const { createRequire } = await import('node:module');
  createRequire(import.meta.url)('./ai-attest-hook.cjs');
} else if (process.argv[2] === 'hook') {
  await import('../dist/hook.js');
} else {
  await import('../dist/cli.js');
}
