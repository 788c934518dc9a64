// @module-tag git
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-adopt-managers-');
afterAll(() => sandbox.cleanup());
const BIN_DIR = join(PROJECT_ROOT, 'node_modules', '.bin');
const HOOKS = ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-push'];

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

describe('lefthook (the real lefthook 2.2.1 from npm)', () => {
  const repo = makeRepo(sandbox, 'lefthook');
  // lefthook is found as a developer's machine has it: on PATH (npx, a global install).
  const env = { PATH: `${BIN_DIR}${delimiter}${process.env.PATH ?? ''}` };
  const original =
    '# the team hooks\npre-commit:\n  commands:\n    lint:\n      run: echo lint # keep this comment\ncommit-msg:\n  jobs:\n' +
    '    - name: commitlint\n      run: echo commitlint {1}\n';
  repo.write('lefthook.yml', original);
  const lefthook = spawnSync(join(BIN_DIR, 'lefthook'), ['install'], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
  const init = repo.cli(['init', '--yes'], { env });
  const config = readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8');

  it('init --yes adds our commands to lefthook.yml, keeping the team config and its comments', () => {
    expect(lefthook.status, lefthook.stderr).toBe(0);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('installed (commands in lefthook.yml: commit it)');
    expect(config.startsWith('# the team hooks\npre-commit:\n  commands:\n    lint:\n      run: echo lint # keep this comment\n')).toBe(
      true,
    );
    expect(config).toContain('    - name: commitlint\n      run: echo commitlint {1}\n    - name: ai-attest\n');
    expect(config).toMatch(/prepare-commit-msg:\n {2}commands:\n {4}ai-attest:\n {6}interactive: true\n/);
    expect(config).toMatch(/pre-push:\n {2}commands:\n {4}ai-attest:\n {6}use_stdin: true\n/);
  });

  it('runs lefthook install, so git runs every hook, and a commit is attested through lefthook', () => {
    for (const hook of HOOKS) expect(readFileSync(join(repo.dir, '.git', 'hooks', hook), 'utf8')).toContain('lefthook');
    repo.write('a.txt', 'a\n');
    repo.git(['add', 'a.txt']);
    const commit = repo.gitRaw(['commit', '-m', 'Through lefthook'], { env: { ...env, AI_ATTEST_TOOLS: 'none' } });
    expect(commit.status, commit.stderr).toBe(0);
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(/^Ai-Attest: v2 none /m);
    expect(repo.gitRaw(['notes', '--ref=ai-attest', 'show', 'HEAD']).status).toBe(0);
  });

  it('status sees every hook called from lefthook.yml', () => {
    const status = JSON.parse(repo.cli(['status', '--json'], { env }).stdout) as { hooks: Array<{ state: string }> };
    expect(status.hooks.map((h) => h.state)).toEqual(HOOKS.map(() => 'installed'));
  });

  it('uninstall takes exactly our commands out of lefthook.yml again', () => {
    const done = repo.cli(['uninstall'], { env });
    expect(done.status, done.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8')).toBe(original);
  });
});

describe('core.hooksPath pointing at a tracked hooks folder', () => {
  const repo = makeRepo(sandbox, 'githooks');
  repo.write('.githooks/commit-msg', '#!/bin/sh\necho "team commit-msg" >&2\n');
  repo.write('.githooks/pre-commit', '#!/bin/sh\nexit 0\n');
  repo.git(['update-index', '--add', '--chmod=+x', '.githooks/commit-msg', '.githooks/pre-commit']);
  repo.git(['checkout', '--', '.githooks']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'team hooks']);
  repo.git(['config', 'core.hooksPath', '.githooks']);
  const refused = repo.cli(['install']);
  const installed = repo.cli(['install', '--hooks-path-ok', '--json']);
  const init = repo.cli(['init', '--yes']);

  it('install refuses without --hooks-path-ok, then init accepts the folder install was told about', () => {
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('--hooks-path-ok');
    expect(installed.status, installed.stderr).toBe(0);
    expect(init.status, init.stderr).toBe(0);
    expect(repo.cli(['init', '--yes', '--hooks-path-ok']).status).toBe(0);
  });

  it('renames no tracked hook and writes no path of this machine into the folder', () => {
    const tracked = repo.git(['status', '--porcelain', '--', '.githooks']).split('\n').filter(Boolean);
    expect(tracked.every((line) => line.startsWith(' M ') || line.startsWith('?? '))).toBe(true);
    for (const [name, text] of Object.entries(files(join(repo.dir, '.githooks')))) {
      expect(name).not.toContain('.pre-ai-attest');
      expect(text).not.toContain(sandbox.root);
      expect(text).not.toContain(PROJECT_ROOT);
    }
    expect(readFileSync(join(repo.dir, '.githooks', 'commit-msg'), 'utf8').startsWith('#!/bin/sh\necho "team commit-msg" >&2\n')).toBe(
      true,
    );
  });

  it('a commit runs the team hook and ours; doctor and status agree that all is installed', () => {
    repo.write('b.txt', 'b\n');
    repo.git(['add', 'b.txt']);
    const commit = repo.gitRaw(['commit', '-m', 'b'], { env: { AI_ATTEST_TOOLS: 'none' } });
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toContain('team commit-msg');
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(/^Ai-Attest: v2 none /m);
    const doctor = JSON.parse(repo.cli(['doctor', '--offline', '--json']).stdout) as { checks: Array<{ id: string; status: string }> };
    expect(doctor.checks.filter((c) => c.id.startsWith('hooks'))).toEqual([expect.objectContaining({ id: 'hooks', status: 'ok' })]);
  });
});

describe('husky: a fresh clone before init', () => {
  const origin = makeRepo(sandbox, 'husky-origin');
  const husky = (repo: Repo) =>
    spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'husky', 'bin.js')], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
  husky(origin);
  origin.write('.husky/pre-commit', 'true\n');
  origin.git(['add', '-A']);
  origin.git(['commit', '-q', '--no-verify', '-m', 'husky']);
  const init = origin.cli(['init', '--yes']);
  origin.git(['add', '-A']);
  origin.git(['commit', '-q', '-m', 'Add ai-attest']);
  const clone = makeRepo(sandbox, 'husky-clone', false);
  spawnSync('git', ['clone', '-q', origin.dir, clone.dir], { env: clone.env });
  husky(clone);

  it('a commit says what is missing, and status reads the husky script right', () => {
    expect(init.status, init.stderr).toBe(0);
    expect(existsSync(join(clone.dir, '.husky', 'commit-msg'))).toBe(true);
    clone.write('c.txt', 'c\n');
    clone.git(['add', 'c.txt']);
    const commit = clone.gitRaw(['commit', '-m', 'c']);
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toContain('ai-attest is not set up in this clone, so this commit is not attested: run npx ai-attest init');
    const status = JSON.parse(clone.cli(['status', '--json']).stdout) as { hooks: Array<{ hook: string; detail: string }> };
    const commitMsg = status.hooks.find((h) => h.hook === 'commit-msg');
    expect(commitMsg?.detail).toContain('calls ai-attest, but ai-attest is not set up in this clone');
    expect(commitMsg?.detail).toContain('npx ai-attest init');
  });
});
