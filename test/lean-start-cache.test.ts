// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, makeSandbox } from './helpers/repo.js';

/*
 * Where the lean start keeps its V8 code cache when the package is not the user's to write (a
 * global install by root, a read-only image): in the user's own ai-attest home, used only while
 * it is the user's alone. As root (this suite in a container) the run switches to another user,
 * since root may write anything; otherwise the package copy is made read-only.
 */
const sandbox = makeSandbox('ai-attest-lean-cache-');
afterAll(() => {
  chmodSync(pkg, 0o755);
  chmodSync(join(pkg, 'dist'), 0o755);
  sandbox.cleanup();
});

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const pkg = join(sandbox.root, 'pkg');
const home = join(sandbox.root, 'user');
const aiHome = join(home, 'ai-attest');
const cacheDir = join(aiHome, 'code-cache');

function run(args: string[]) {
  return spawnSync(process.execPath, [join(pkg, 'bin', 'ai-attest.cjs'), ...args], {
    cwd: home,
    env: { ...sandbox.env, HOME: home, AI_ATTEST_HOME: aiHome, AI_ATTEST_TRACE: '1' },
    encoding: 'utf8',
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

/** What the loader says about the cache of the run (AI_ATTEST_TRACE=1). */
function cacheLine(stderr: string): string {
  const line = /bundle compiled \(([^)]*)\)/.exec(stderr);
  if (!line) throw new Error(`no trace of the bundle in: ${stderr}`);
  return line[1]!;
}

describe('the code cache of a package the user cannot write', () => {
  beforeAll(() => {
    // The package as npm installs it: bin/, dist/ and package.json, its dependencies beside it.
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'dist', 'cli-lean.cjs'), join(pkg, 'dist', 'cli-lean.cjs'));
    cpSync(join(PROJECT_ROOT, 'package.json'), join(pkg, 'package.json'));
    cpSync(join(PROJECT_ROOT, 'signals'), join(pkg, 'signals'), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    mkdirSync(home, { recursive: true });
    chmodSync(join(pkg, 'dist'), 0o555);
    chmodSync(pkg, 0o555);
    if (asRoot) {
      chmodSync(sandbox.root, 0o755);
      chownSync(home, NOBODY, NOBODY);
    }
  });

  it('writes it in the user ai-attest home, for the user alone, and uses it on the next run', () => {
    const first = run(['detect']);
    expect(cacheLine(first.stderr)).toMatch(/^no cache, /);
    expect(first.stderr).toContain('arguments read');
    const files = readdirSync(cacheDir);
    expect(files).toEqual([expect.stringMatching(/^cli-lean\.[0-9a-f]{16}\.[0-9a-f]{16}\.cache$/)]);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(pkg, 'dist'))).toEqual(['cli-lean.cjs']);

    const second = run(['detect']);
    expect(cacheLine(second.stderr)).toBe(`cache used, ${join(cacheDir, files[0]!)}`);
    expect({ status: second.status, stdout: second.stdout }).toEqual({ status: first.status, stdout: first.stdout });
  });

  it('ignores a cache others may write, and one that is not the user own', () => {
    chmodSync(cacheDir, 0o770);
    expect(cacheLine(run(['detect']).stderr)).toMatch(/^no cache, /);
    chmodSync(cacheDir, 0o700);
    expect(cacheLine(run(['detect']).stderr)).toMatch(/^cache used, /);
    const [file] = readdirSync(cacheDir);
    const path = join(cacheDir, file!);
    if (asRoot) {
      // Planted by someone else (root here), with a mode the user could not have chosen otherwise.
      chownSync(path, 0, 0);
      expect(cacheLine(run(['detect']).stderr)).toMatch(/^no cache, /);
    } else {
      chmodSync(path, 0o620);
      expect(cacheLine(run(['detect']).stderr)).toMatch(/^no cache, /);
    }
  });
});

describe('a command that changes V8 flags as it runs (report: --heap-growing-percent)', () => {
  it('leaves a code cache the next start accepts', () => {
    for (const file of readdirSync(cacheDir)) rmSync(join(cacheDir, file));
    expect(cacheLine(run(['report']).stderr)).toMatch(/^no cache, /);
    // Made after the run, the cache would carry the changed flags' hash: rejected, and rewritten, on every start.
    expect(cacheLine(run(['report']).stderr)).toMatch(/^cache used, /);
    expect(cacheLine(run(['detect']).stderr)).toMatch(/^cache used, /);
  });
});

describe('the code cache beside a bundle the user may write', () => {
  const own = join(sandbox.root, 'own');
  const bundle = join(own, 'dist', 'cli-lean.cjs');
  const outside = join(sandbox.root, 'not-a-repository');
  const start = () =>
    spawnSync(process.execPath, [join(own, 'bin', 'ai-attest.cjs'), 'verify'], {
      cwd: outside,
      env: { ...sandbox.env, AI_ATTEST_TRACE: '1' },
      encoding: 'utf8',
    });
  const caches = () => readdirSync(join(own, 'dist')).filter((name) => name.endsWith('.cache'));

  beforeAll(() => {
    mkdirSync(join(own, 'dist'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    cpSync(join(PROJECT_ROOT, 'bin'), join(own, 'bin'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'dist', 'cli-lean.cjs'), bundle);
    cpSync(join(PROJECT_ROOT, 'package.json'), join(own, 'package.json'));
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(own, 'node_modules'));
  });

  it('is never used for a bundle rewritten since, even one of the same length', () => {
    expect(cacheLine(start().stderr)).toMatch(/^no cache, /);
    const first = start();
    expect(cacheLine(first.stderr)).toMatch(/^cache used, /);
    expect(first.stderr).toContain('is not a git repository');
    const [made] = caches();
    // V8 itself compares only the source's length: a cache of the old text would run the old code.
    const text = readFileSync(bundle, 'utf8');
    const changed = text.replaceAll('is not a git repository', 'is NOT a git repository');
    expect(changed.length).toBe(text.length);
    expect(changed).not.toBe(text);
    writeFileSync(bundle, changed);
    const after = start();
    expect(cacheLine(after.stderr)).toMatch(/^no cache, /);
    expect(after.stderr).toContain('is NOT a git repository');
    expect(after.status).toBe(first.status);
    // The earlier build's cache is gone, the new one is used from then on.
    expect(caches()).not.toContain(made);
    expect(cacheLine(start().stderr)).toMatch(/^cache used, /);
  });
});

describe('the lean bundle', () => {
  it('reaches no package through the ESM loader at start: built-ins are required, chalk is bundled', () => {
    const text = readFileSync(join(PROJECT_ROOT, 'dist', 'cli-lean.cjs'), 'utf8');
    const imported = [...text.matchAll(/__aiAttestImport\("([^"]+)"\)/g)].map((m) => m[1]);
    // openpgp (a key without the keyring cache) is the one package left to the ESM loader.
    expect(new Set(imported)).toEqual(new Set(['openpgp']));
  });
});
