// Builds dist/hook-commit.cjs: the commit-msg hook as one minified CommonJS file, which
// bin/ai-attest-hook.cjs compiles with a V8 code cache (docs/decisions.md, "Commit hook bundle").
// Run by `npm run build` after tsup.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// picomatch is bundled: resolving a bare require from node_modules costs milliseconds per commit.
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'picomatch');
const out = join(root, 'dist', 'hook-commit.cjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/hook/commit-entry.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  external,
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
  console.error(`build-hook: found ${found} import( in the bundle where esbuild reports ${expected} dynamic imports; refusing to rewrite them blindly.`);
  process.exit(1);
}
text = text.replace(/\bimport\(/g, '__aiAttestImport(');
mkdirSync(dirname(out), { recursive: true });
// Atomic: tests may be running hooks from dist/ while a build writes it.
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, out);
