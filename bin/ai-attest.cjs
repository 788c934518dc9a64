#!/usr/bin/env sh
':' //; run_node() { exec node "$0" "$@"; }
':' //; case "$1" in detect | record | report | trace | verify) ;; hook) [ "$2" = pre-push ] || run_node "$@" ;; *) run_node "$@" ;; esac
':' //; unset AI_ATTEST_NODE_EXTRA_CA_CERTS; [ "${NODE_EXTRA_CA_CERTS+1}" ] && export AI_ATTEST_NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"
':' //; unset NODE_EXTRA_CA_CERTS; run_node "$@"
'use strict';
// Lines 2-5 are shell commands to sh and string directives and comments to JavaScript: executed
// (an npm bin, a global install, the pre-push hook's `file` kind), sh starts Node, without
// NODE_EXTRA_CA_CERTS for the commands of the lean start (the names in its `case`, which must
// match LEAN below and BUNDLES in ai-attest-hook.cjs): Node 20 parses that file before it runs
// anything (~30 ms with a system CA bundle), and these commands open no TLS connection. The
// loader hands the value back to the processes they start (a credential helper of git's may need
// it). Every other command, and `node bin/ai-attest.cjs`, keeps the environment as it is
// (docs/decisions.md, "The bin starts Node through sh"). Biome leaves this file unformatted
// (biome.json): a ';' after those strings would make sh run `//`.
//
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
