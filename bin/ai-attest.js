#!/usr/bin/env node
// Hooks go straight to the lean hook bundle; `record` (run by agents' hooks after every edit) and
// the read commands of the lean start (src/cli/lean.ts) to their code-cached bundles through the
// hook loader, which hands arguments only the full CLI reads back to it; everything else loads
// the full CLI.
const LEAN = ['detect', 'record', 'report', 'trace', 'verify'];
const help = process.argv.includes('--help') || process.argv.includes('-h');
if (LEAN.includes(process.argv[2]) && !help) {
  const { createRequire } = await import('node:module');
  createRequire(import.meta.url)('./ai-attest-hook.cjs');
} else if (process.argv[2] === 'hook' && process.argv[3] === 'pre-push') {
  process.argv.splice(2, 1);
  const { createRequire } = await import('node:module');
  createRequire(import.meta.url)('./ai-attest-hook.cjs');
} else if (process.argv[2] === 'hook') {
  await import('../dist/hook.js');
} else {
  await import('../dist/cli.js');
}
