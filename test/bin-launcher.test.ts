// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';

/*
 * bin/ai-attest.cjs is run by sh when executed (line 2 is a shell command that starts Node) and
 * is plain CommonJS to `node bin/ai-attest.cjs`. Executed, the commands of the lean start run
 * without NODE_EXTRA_CA_CERTS; every other command keeps the environment as it is. A certificate
 * file that does not exist makes Node 20 warn on stderr as it starts (Node 22 and later read it
 * only when TLS is first used), so the warning is the cost itself where Node pays it; on every
 * Node, a `node` first on PATH writes down the value it was started with.
 */
const WARNING = 'Ignoring extra certs';
const MISSING_CA = '/nonexistent/ai-attest-test-ca.pem';
const sandbox = makeSandbox('ai-attest-bin-launcher-');
const hookSandbox = makeSandbox('ai-attest-bin-launcher-hook-');
const repo = makeRepo(sandbox);
const shimDir = join(sandbox.root, 'shim');
const seenFile = join(sandbox.root, 'git-saw');
const nodeShimDir = join(sandbox.root, 'node-shim');
const nodeSeenFile = join(sandbox.root, 'node-saw');
afterAll(() => {
  sandbox.cleanup();
  hookSandbox.cleanup();
});

// This Node first on PATH, behind the recording one, as the sh line starts whichever `node` PATH names.
const PATH = [nodeShimDir, dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

/** Whether this Node reads NODE_EXTRA_CA_CERTS as it starts (Node 20), which the warning then shows. */
const readsCaAtStart = spawnSync(process.execPath, ['-e', '0'], {
  env: { ...process.env, NODE_EXTRA_CA_CERTS: MISSING_CA },
  encoding: 'utf8',
}).stderr.includes(WARNING);

/** What each Node started through PATH since the last call was given as NODE_EXTRA_CA_CERTS. */
function nodesStartedWith(): string[] {
  const seen = existsSync(nodeSeenFile) ? readFileSync(nodeSeenFile, 'utf8').trim().split('\n') : [];
  rmSync(nodeSeenFile, { force: true });
  return seen;
}

/** The Node of a run started without the variable (and, where Node pays for it at start, did not pay). */
function expectStartedWithoutCa(stderr: string, label = ''): void {
  expect(nodesStartedWith(), label).toEqual(['(unset)']);
  expect(stderr, label).not.toContain(WARNING);
}

/** The Node of a run started with the user's value, as the user set it. */
function expectStartedWithCa(stderr: string, label = ''): void {
  expect(nodesStartedWith(), label).toEqual([MISSING_CA]);
  if (readsCaAtStart) expect(stderr, label).toContain(WARNING);
}

function runExecuted(file: string, args: string[], extra: NodeJS.ProcessEnv = {}, input = '') {
  return spawnSync(file, args, {
    cwd: repo.dir,
    env: { ...repo.env, PATH, NODE_EXTRA_CA_CERTS: MISSING_CA, ...extra },
    input,
    encoding: 'utf8',
  });
}

beforeAll(() => {
  repo.write('service.txt', 'one\ntwo\nthree\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'service']);
  // A git that writes down what it was given of the two variables, then runs the real git.
  mkdirSync(shimDir);
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    join(shimDir, 'git'),
    '#!/bin/sh\n' +
      `echo "\${NODE_EXTRA_CA_CERTS-(unset)}|\${AI_ATTEST_NODE_EXTRA_CA_CERTS-(unset)}" >> '${seenFile}'\n` +
      `exec '${realGit}' "$@"\n`,
  );
  chmodSync(join(shimDir, 'git'), 0o755);
  mkdirSync(nodeShimDir);
  writeFileSync(
    join(nodeShimDir, 'node'),
    `#!/bin/sh\necho "\${NODE_EXTRA_CA_CERTS-(unset)}" >> '${nodeSeenFile}'\nexec '${process.execPath}' "$@"\n`,
  );
  chmodSync(join(nodeShimDir, 'node'), 0o755);
});

const head = () => repo.git(['rev-parse', 'HEAD']).trim();
const leanRuns: Array<{ name: string; args: string[]; input?: () => string }> = [
  { name: 'verify', args: ['verify'] },
  { name: 'report', args: ['report'] },
  { name: 'detect', args: ['detect'] },
  { name: 'trace', args: ['trace', 'service.txt', '-L', '1,2'] },
  { name: 'trace --no-history', args: ['trace', 'service.txt', '-L', '1,2', '--no-history'] },
  { name: 'record', args: ['record', '--agent', 'claude-code'], input: () => '{}' },
  {
    name: 'hook pre-push',
    args: ['hook', 'pre-push', 'origin', join(sandbox.root, 'nowhere')],
    input: () => `refs/heads/main ${head()} refs/heads/main ${'0'.repeat(40)}\n`,
  },
];

describe('the bin, executed', () => {
  it.each(leanRuns)('starts `$name` without NODE_EXTRA_CA_CERTS', ({ args, input }) => {
    nodesStartedWith();
    const r = runExecuted(BIN, args, {}, input?.() ?? '');
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expectStartedWithoutCa(r.stderr);
  });

  it('keeps the environment as it is for every other command', () => {
    nodesStartedWith();
    for (const args of [['--version'], ['status'], ['hook', 'post-commit']]) {
      expectStartedWithCa(runExecuted(BIN, args).stderr, args.join(' '));
    }
  });

  it('hands the value back to the processes a lean command starts, and leaves an unset variable unset', () => {
    const env = { PATH: `${shimDir}${delimiter}${PATH}` };
    rmSync(seenFile, { force: true });
    expect(runExecuted(BIN, ['verify'], env).status).toBe(0);
    const seen = readFileSync(seenFile, 'utf8').trim().split('\n');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`${MISSING_CA}|(unset)`]));

    rmSync(seenFile, { force: true });
    const { NODE_EXTRA_CA_CERTS: _, ...withoutCa } = repo.env;
    const unset = spawnSync(BIN, ['trace', 'service.txt', '-L', '1,2'], {
      cwd: repo.dir,
      // A value left over from elsewhere must not become the variable.
      env: { ...withoutCa, ...env, AI_ATTEST_NODE_EXTRA_CA_CERTS: MISSING_CA },
      encoding: 'utf8',
    });
    expect(unset.status, unset.stderr).toBe(0);
    expect(new Set(readFileSync(seenFile, 'utf8').trim().split('\n'))).toEqual(new Set(['(unset)|(unset)']));
  });

  it('works through a symbolic link as npm links a bin, and gives what `node bin/ai-attest.cjs` gives', () => {
    const link = join(sandbox.root, 'node_modules', '.bin', 'ai-attest');
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(BIN, link);
    nodesStartedWith();
    const linked = runExecuted(link, ['trace', 'service.txt', '-L', '1,3', '--json']);
    expect(linked.status, linked.stderr).toBe(0);
    expectStartedWithoutCa(linked.stderr);
    const direct = repo.cli(['trace', 'service.txt', '-L', '1,3', '--json']);
    expect(linked.stdout).toBe(direct.stdout);
    expectStartedWithCa(runExecuted(link, ['--version']).stderr);
  });

  it.skipIf(!existsSync('/bin/dash') && !existsSync('/usr/bin/dash'))('runs under dash', () => {
    nodesStartedWith();
    const lean = spawnSync('dash', [BIN, 'verify'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH, NODE_EXTRA_CA_CERTS: MISSING_CA },
      encoding: 'utf8',
    });
    expect(lean.status, lean.stderr).toBe(0);
    expectStartedWithoutCa(lean.stderr);
    const other = spawnSync('dash', [BIN, '--version'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH, NODE_EXTRA_CA_CERTS: MISSING_CA },
      encoding: 'utf8',
    });
    expect(other.status).toBe(0);
    expectStartedWithCa(other.stderr);
  });
});

describe('the bin, run by node', () => {
  it('leaves the environment to whoever started Node', () => {
    rmSync(seenFile, { force: true });
    const r = repo.cli(['verify'], { env: { NODE_EXTRA_CA_CERTS: MISSING_CA, PATH: `${shimDir}${delimiter}${PATH}` } });
    expect(r.status, r.stderr).toBe(0);
    if (readsCaAtStart) expect(r.stderr).toContain(WARNING);
    // Nothing to hand back: the git it starts sees the variable because its own Node had it.
    expect(new Set(readFileSync(seenFile, 'utf8').trim().split('\n'))).toEqual(new Set([`${MISSING_CA}|(unset)`]));
  });

  it("keeps 'use strict' in force after the shell lines, and names the same commands in both languages", () => {
    const [, ...rest] = readFileSync(BIN, 'utf8').split('\n');
    const shell = rest.slice(
      0,
      rest.findIndex((line) => !line.startsWith("':' //; ")),
    );
    expect(shell.length).toBeGreaterThan(0);
    expect(rest[shell.length]).toBe("'use strict';");
    expect(() => runInNewContext(`${shell.join('\n')}\n'use strict';\nundeclared = 1;`)).toThrow(/undeclared is not defined/);
    const inShell = /case "\$1" in ([\w |]+)\)/
      .exec(shell.join('\n'))![1]!
      .split('|')
      .map((s) => s.trim());
    const inJs = JSON.parse(/const LEAN = (\[[^\]]*\])/.exec(readFileSync(BIN, 'utf8'))![1]!.replaceAll("'", '"'));
    expect(inShell).toEqual(inJs);
  });
});

describe('the installed pre-push hook (hooks/cli.sh)', () => {
  it('starts its Node without NODE_EXTRA_CA_CERTS and hands the value back to the git it starts (the notes push)', () => {
    const attested = initRepo(hookSandbox);
    const bare = join(hookSandbox.root, 'remote.git');
    attested.git(['init', '-q', '--bare', bare]);
    attested.git(['remote', 'add', 'origin', bare]);
    const head = attested.git(['rev-parse', 'HEAD']).trim();
    rmSync(seenFile, { force: true });
    nodesStartedWith();
    // Run as git runs it, minus git's own directory first on PATH (which would hide the recording git).
    const hook = join(attested.git(['rev-parse', '--absolute-git-dir']).trim(), 'hooks', 'pre-push');
    const pushed = spawnSync(hook, ['origin', bare], {
      cwd: attested.dir,
      env: { ...attested.env, PATH: `${shimDir}${delimiter}${PATH}`, NODE_EXTRA_CA_CERTS: MISSING_CA },
      input: `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`,
      encoding: 'utf8',
    });
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(pushed.stderr).not.toContain(WARNING);
    // hooks/cli.sh starts the loader with the variable empty, which Node takes as not set.
    expect(nodesStartedWith()).toEqual(['']);
    // The hook's own git processes and the nested push of the notes.
    const seen = readFileSync(seenFile, 'utf8').trim().split('\n');
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen)).toEqual(new Set([`${MISSING_CA}|(unset)`]));
    expect(attested.git(['--git-dir', bare, 'for-each-ref', '--format=%(refname)'])).toContain('refs/notes/');
  });
});
