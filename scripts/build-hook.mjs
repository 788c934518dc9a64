// Builds the hooks that run on every commit as single minified CommonJS files, which
// bin/ai-attest-hook.cjs compiles with a V8 code cache (docs/decisions.md, "Commit hook bundle"):
//   dist/hook-commit.cjs   commit-msg (src/hook/commit-entry.ts)
//   dist/hook-prepare.cjs  prepare-commit-msg when it asks on a terminal (src/hook/prepare-entry.ts)
//   dist/hook-record.cjs   `ai-attest record`, run by coding agents' hooks (src/capture/record-entry.ts)
//   dist/cli-lean.cjs      the read commands' lean start: verify, the pre-push hook (src/lean.ts),
//                          with dist/verify-worker-lean.js for its signature workers
// Run by `npm run build` after tsup.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// node:child_process loads about thirty of Node's internal modules (streams, net, dgram) that a
// commit whose facts were piped in never uses: the bundle gets a stand-in that requires it on the
// first call. Only its functions are offered; importing anything else fails the build.
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => ({ path: args.path.slice(5), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = await import(`node:${args.path}`);
      const names = Object.keys(real).filter((name) => name !== 'default' && /^[a-z]/.test(name) && typeof real[name] === 'function');
      const lines = names.map((name) => `export function ${name}(...a) { return load().${name}(...a); }`);
      // A bare name, which this plugin does not catch: the real module.
      return { contents: `let m;\nconst load = () => (m ??= require(${JSON.stringify(args.path)}));\n${lines.join('\n')}\n`, loader: 'js' };
    });
  },
};

// fs/promises done synchronously (src/hook/sync-fs.ts): no thread pool, a dozen fewer internal modules.
const syncFs = {
  name: 'sync-fs',
  setup(b) {
    b.onResolve({ filter: /^node:fs\/promises$/ }, () => ({ path: join(root, 'src', 'hook', 'sync-fs.ts') }));
  },
};

// @inquirer/prompts re-exports every prompt, the editor one with a charset library ten times the
// size of the rest: the prompt bundle takes only the prompts, from their own packages.
const inquirerPrompts = {
  name: 'inquirer-prompts',
  setup(b) {
    b.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({ path: 'prompts', namespace: 'inquirer' }));
    b.onLoad({ filter: /.*/, namespace: 'inquirer' }, () => ({
      contents: ['checkbox', 'confirm', 'input', 'number', 'password', 'select']
        .map((name) => `export { default as ${name} } from '@inquirer/${name}';`)
        .concat("export { Separator } from '@inquirer/core';")
        .join('\n'),
      resolveDir: join(root, 'node_modules', '@inquirer', 'prompts'),
      loader: 'js',
    }));
  },
};

// Where a worker thread of the lean start finds its code: a bundle has no chunk of its own for
// src/read/evaluate/verify-worker.ts, so it gets this stand-in naming dist/verify-worker-lean.js,
// which is that module bundled on its own (below).
const workerSource = readFileSync(join(root, 'src', 'read', 'evaluate', 'verify-worker.ts'), 'utf8');
const workerMark = /export const WORKER_MARK = '([A-Za-z]+)';/.exec(workerSource)?.[1];
if (!workerMark) {
  console.error('build-hook: WORKER_MARK not found in src/read/evaluate/verify-worker.ts');
  process.exit(1);
}
const leanWorker = {
  name: 'lean-worker',
  setup(b) {
    b.onResolve({ filter: /\/verify-worker\.js$/ }, () => ({ path: 'verify-worker', namespace: 'lean-worker' }));
    b.onLoad({ filter: /.*/, namespace: 'lean-worker' }, () => ({
      contents:
        `export const WORKER_MARK = ${JSON.stringify(workerMark)};\n` +
        "export const WORKER_URL = require('node:url').pathToFileURL(" +
        "require('node:path').join(__dirname, 'verify-worker-lean.js')).href;\n",
      loader: 'js',
    }));
  },
};

// import() of a Node built-in (node:child_process, node:worker_threads, loaded late on purpose)
// left as it is would start Node's ESM loader, about 5 ms of CPU the lean start otherwise never
// pays: the bundle requires it instead, still on first use.
const builtinImports = {
  name: 'builtin-imports',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin-import' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-import' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

const bundles = [
  // picomatch is bundled: resolving a bare require from node_modules costs milliseconds per commit.
  { entry: 'src/hook/commit-entry.ts', out: 'hook-commit.cjs', bundled: ['picomatch'], plugins: [] },
  { entry: 'src/hook/prepare-entry.ts', out: 'hook-prepare.cjs', bundled: ['picomatch', '@inquirer/prompts'], plugins: [inquirerPrompts] },
  // `record`, run by coding agents after every edit (they wait for it).
  { entry: 'src/capture/record-entry.ts', out: 'hook-record.cjs', bundled: [], plugins: [] },
  // The read commands' lean start; import.meta.url names the bundle (the package version, found
  // from it, keys verify's cache). chalk is bundled: importing the package (ESM only) would start
  // the ESM loader, 13 ms of CPU on the first coloured line. node:child_process on first use: a
  // trace whose git the bin's sh part ran and whose commits are in its cache starts no process
  // (3-6 ms of CPU less).
  {
    entry: 'src/lean.ts',
    out: 'cli-lean.cjs',
    bundled: ['picomatch', 'chalk'],
    plugins: [lazyBuiltins, leanWorker, builtinImports],
    define: { 'import.meta.url': '__aiAttestModuleUrl' },
  },
];

for (const bundle of bundles) {
  const external = Object.keys(pkg.dependencies).filter((name) => !bundle.bundled.includes(name));
  const result = await build({
    absWorkingDir: root,
    entryPoints: [bundle.entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    external,
    plugins: bundle.out === 'cli-lean.cjs' ? bundle.plugins : [lazyBuiltins, syncFs, ...bundle.plugins],
    define: bundle.define ?? {},
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  // import.meta is empty in CommonJS, and other surprises of the format show up as warnings.
  if (result.warnings.length) {
    for (const w of result.warnings) console.error(`build-hook: ${w.text} (${w.location?.file}:${w.location?.line})`);
    process.exit(1);
  }
  let text = result.outputFiles[0].text;
  // A script compiled with a code cache has no dynamic-import callback on Node 20: every import()
  // left in the bundle (packages kept external, such as openpgp) goes through the loader's.
  const expected = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.kind === 'dynamic-import' && i.external).length;
  const found = text.match(/\bimport\(/g)?.length ?? 0;
  if (found !== expected) {
    console.error(
      `build-hook: found ${found} import( in ${bundle.out} where esbuild reports ${expected} dynamic imports; ` +
        'refusing to rewrite them blindly.',
    );
    process.exit(1);
  }
  text = text.replace(/\bimport\(/g, '__aiAttestImport(');
  const out = join(root, 'dist', bundle.out);
  mkdirSync(dirname(out), { recursive: true });
  // Atomic: tests may be running hooks from dist/ while a build writes it.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
}

// The lean start's signature worker: an ES module of its own (a worker thread loads it by URL).
{
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/read/evaluate/verify-worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    external: Object.keys(pkg.dependencies),
    write: false,
    logLevel: 'silent',
  });
  const out = join(root, 'dist', 'verify-worker-lean.js');
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].text);
  renameSync(tmp, out);
}
