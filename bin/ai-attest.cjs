#!/usr/bin/env node
'use strict';
// The `ai-attest` command (package.json "bin"). CommonJS on purpose: an ES module entry starts
// Node's ESM loader before anything runs (about 5 ms of CPU here), which the lean start never
// needs (docs/decisions.md, "Start-up of the read commands").
//
// Hooks go straight to the lean hook bundle; `record` (run by agents' hooks after every edit) and
// the read commands of the lean start (src/cli/lean.ts) to their code-cached bundles through the
// hook loader, which hands arguments only the full CLI reads back to it; everything else loads
// the full CLI. bin/ai-attest.js, the entry of earlier releases, runs this file.
const LEAN = ['detect', 'record', 'report', 'trace', 'verify'];
const argv = process.argv;
const help = argv.includes('--help') || argv.includes('-h');
if (LEAN.includes(argv[2]) && !help) {
  require('./ai-attest-hook.cjs');
} else if (argv[2] === 'hook' && argv[3] === 'pre-push') {
  argv.splice(2, 1);
  require('./ai-attest-hook.cjs');
} else {
  // A failed load is an unhandled rejection: Node prints it and exits 1, as a failed top-level
  // import of the ES module entry did.
  import(argv[2] === 'hook' ? '../dist/hook.js' : '../dist/cli.js');
}
