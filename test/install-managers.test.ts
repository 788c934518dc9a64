// @module-tag git
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hookStatus } from '../src/install/index.js';
import { PROJECT_ROOT, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const HOOKS = ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-push'];
const sandbox = makeSandbox('ai-attest-managers-');
afterAll(() => sandbox.cleanup());
let n = 0;

function setup(): { repo: Repo; env: NodeJS.ProcessEnv; calls(): string[]; clear(): void } {
  const repo = makeRepo(sandbox, `repo${n++}`);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'root']);
  const log = join(sandbox.root, `${n}.log`);
  const fake = join(sandbox.root, `${n}-fake-cli`);
  writeFileSync(fake, `#!/bin/sh\necho "ours: $*" >>"$FAKE_LOG"\ncase $2 in pre-push) sed 's/^/ours stdin: /' >>"$FAKE_LOG" ;; esac\n`, {
    mode: 0o755,
  });
  return {
    repo,
    env: { AI_ATTEST_BIN: fake, FAKE_LOG: log },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    clear: () => writeFileSync(log, ''),
  };
}

function detached(repo: Repo, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('setsid', ['-w', ...args], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = `${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'utf8')}`;
  }
  return out;
}

describe('husky v9 (the real husky 9.1.7)', () => {
  const s = setup();
  const husky = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'husky', 'bin.js')], {
    cwd: s.repo.dir,
    env: s.repo.env,
    encoding: 'utf8',
  });
  const huskyDir = join(s.repo.dir, '.husky');
  // No final newline on purpose: uninstall must give back exactly these bytes.
  s.repo.write('.husky/commit-msg', 'echo "theirs: $1" >>"$FAKE_LOG"\ntest -z "$THEIR_FAIL"');
  s.repo.write('.husky/pre-push', 'echo "theirs pre-push: $*" >>"$FAKE_LOG"\n');
  const before = snapshot(huskyDir);
  const gitHooks = snapshot(join(s.repo.dir, '.git', 'hooks'));
  const installed = s.repo.cli(['install', '--json']);

  it('is detected from core.hooksPath and integrated with one line per husky script', () => {
    expect(husky.status, husky.stderr).toBe(0);
    expect(s.repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
    expect(installed.status, installed.stderr).toBe(0);
    const report = JSON.parse(installed.stdout);
    expect(report.mode).toBe('husky');
    expect(report.hooks.map((h: { line: { action: string } }) => h.line.action)).toEqual(HOOKS.map(() => 'added'));
    const script = readFileSync(join(huskyDir, 'commit-msg'), 'utf8');
    expect(script.startsWith('echo "theirs: $1" >>"$FAKE_LOG"\ntest -z "$THEIR_FAIL"\n')).toBe(true);
    expect(script.trimEnd().split('\n').pop()).toContain('# ai-attest managed line v1');
    for (const hook of HOOKS) expect(existsSync(join(s.repo.dir, '.git', 'ai-attest', 'hooks', hook))).toBe(true);
    // Husky's own files and git's hooks directory are left alone.
    expect(snapshot(join(s.repo.dir, '.git', 'hooks'))).toEqual(gitHooks);
    expect(readFileSync(join(huskyDir, '_', 'h'), 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'node_modules', 'husky', 'husky'), 'utf8'));
  });

  it('runs the user script, then ours', () => {
    s.clear();
    const done = detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', 'x'], s.env);
    expect(done.status, done.stderr).toBe(0);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG', 'ours: hook commit-msg .git/COMMIT_EDITMSG']);
  });

  it('stops at a failing user command (husky runs scripts with sh -e), so ours does not run', () => {
    s.clear();
    const done = detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', 'x'], { ...s.env, THEIR_FAIL: '1' });
    expect(done.status).not.toBe(0);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG']);
  });

  it('passes pre-push stdin to ours', () => {
    const remote = join(sandbox.root, `husky-remote${n}.git`);
    spawnSync('git', ['init', '-q', '--bare', remote], { env: s.repo.env });
    s.repo.git(['remote', 'add', 'origin', remote]);
    s.clear();
    const done = detached(s.repo, ['git', 'push', '-q', 'origin', 'main'], s.env);
    expect(done.status, done.stderr).toBe(0);
    const head = s.repo.git(['rev-parse', 'HEAD']).trim();
    expect(s.calls()).toEqual([
      `theirs pre-push: origin ${remote}`,
      `ours: hook pre-push origin ${remote}`,
      `ours stdin: refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}`,
    ]);
  });

  it('files the pending note from post-commit', () => {
    const tree = s.repo.git(['write-tree']).trim();
    s.repo.write(`.git/ai-attest/pending/${tree}.note`, '{"n":1}\n');
    expect(detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', 'noted'], s.env).status).toBe(0);
    expect(s.repo.git(['notes', '--ref=ai-attest', 'show', 'HEAD'])).toBe('{"n":1}\n');
  });

  it('reports every hook installed', async () => {
    const status = await hookStatus({ cwd: s.repo.dir, env: s.repo.env });
    expect(status.map((h) => h.state)).toEqual(HOOKS.map(() => 'installed'));
  });

  it('is idempotent', () => {
    const after = snapshot(huskyDir);
    const again = s.repo.cli(['install', '--json']);
    expect(JSON.parse(again.stdout).hooks.map((h: { line: { action: string } }) => h.line.action)).toEqual(HOOKS.map(() => 'unchanged'));
    expect(snapshot(huskyDir)).toEqual(after);
  });

  it('keeps a clone without ai-attest committing (the line is guarded)', () => {
    const stubs = join(s.repo.dir, '.git', 'ai-attest', 'hooks');
    rmSync(stubs, { recursive: true });
    s.clear();
    const done = detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', 'plain'], s.env);
    expect(done.status, done.stderr).toBe(0);
    expect(s.calls()).toEqual(['theirs: .git/COMMIT_EDITMSG']);
    expect(s.repo.cli(['install']).status).toBe(0);
  });

  it('uninstall gives back the husky scripts byte for byte and deletes the ones it created', () => {
    const done = s.repo.cli(['uninstall']);
    expect(done.status, done.stderr).toBe(0);
    expect(snapshot(huskyDir)).toEqual(before);
    expect(existsSync(join(s.repo.dir, '.git', 'ai-attest', 'hooks'))).toBe(false);
    expect(s.repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
  });
});

describe('husky before v9 (core.hooksPath=.husky, scripts are the hooks)', () => {
  it('creates executable scripts with a shebang, and removes them again', () => {
    const s = setup();
    s.repo.git(['config', 'core.hooksPath', '.husky']);
    const done = s.repo.cli(['install']);
    expect(done.status, done.stderr).toBe(0);
    const script = join(s.repo.dir, '.husky', 'commit-msg');
    expect(readFileSync(script, 'utf8').startsWith('#!/usr/bin/env sh\n')).toBe(true);
    expect(statSync(script).mode & 0o111).toBe(0o111);
    s.clear();
    expect(detached(s.repo, ['git', 'commit', '-q', '--allow-empty', '-m', 'x'], s.env).status).toBe(0);
    expect(s.calls()).toEqual(['ours: hook commit-msg .git/COMMIT_EDITMSG']);
    expect(s.repo.cli(['uninstall']).status).toBe(0);
    expect(readdirSync(join(s.repo.dir, '.husky'))).toEqual([]);
  });
});

// A YAML config is edited (test/adoption-managers.test.ts); any other format gets the snippet.
describe('lefthook with a TOML config', () => {
  const s = setup();
  s.repo.write('lefthook.toml', '[pre-commit.commands.lint]\nrun = "echo lint"\n');
  // What `lefthook install` leaves: hooks that check $LEFTHOOK and call lefthook.
  s.repo.write('.git/hooks/commit-msg', '#!/bin/sh\nif [ "$LEFTHOOK" = "0" ]; then exit 0; fi\nlefthook run commit-msg "$@"\n');
  const gitHooks = snapshot(join(s.repo.dir, '.git', 'hooks'));
  const installed = s.repo.cli(['install', '--json']);
  const report = JSON.parse(installed.stdout || '{}');

  it('leaves the hooks lefthook owns alone and puts stubs in the git dir', () => {
    expect(installed.status, installed.stderr).toBe(0);
    expect(report.mode).toBe('lefthook');
    expect(snapshot(join(s.repo.dir, '.git', 'hooks'))).toEqual(gitHooks);
    for (const hook of HOOKS) expect(existsSync(join(s.repo.dir, '.git', 'ai-attest', 'hooks', hook))).toBe(true);
  });

  it('prints a snippet for lefthook.yml, and says so in human output', () => {
    expect(report.lefthookSnippet).toContain('commit-msg:\n  commands:\n    ai-attest:\n');
    expect(report.lefthookSnippet).toContain('pre-push:\n  commands:\n    ai-attest:\n      use_stdin: true\n');
    const human = s.repo.cli(['install']);
    expect(human.stdout).toContain('lefthook manages this repository');
    expect(human.stdout).toContain(report.lefthookSnippet.trimEnd());
  });

  it('the snippet commands call our stubs with git arguments and stdin', () => {
    const runs = [...(report.lefthookSnippet as string).matchAll(/^( {2}commands:\n[\s\S]*?)?\s+run: '(.*)'$/gm)].map((m) => m[2] ?? '');
    expect(runs).toHaveLength(5);
    const commitMsg = runs[1]!.replace('{0}', '.git/COMMIT_EDITMSG');
    const prePush = runs[4]!.replace('{0}', 'origin url');
    s.clear();
    const env = { ...s.repo.env, ...s.env };
    expect(spawnSync('sh', ['-c', commitMsg], { cwd: s.repo.dir, env }).status).toBe(0);
    expect(spawnSync('sh', ['-c', prePush], { cwd: s.repo.dir, env, input: 'a b c d\n' }).status).toBe(0);
    expect(s.calls()).toEqual(['ours: hook commit-msg .git/COMMIT_EDITMSG', 'ours: hook pre-push origin url', 'ours stdin: a b c d']);
  });

  it('status asks for the snippet until the config calls our stubs', async () => {
    const before = await hookStatus({ cwd: s.repo.dir, env: s.repo.env });
    expect(before.map((h) => h.state)).toEqual(HOOKS.map(() => 'foreign-not-chained'));
    expect(before[0]?.detail).toContain('lefthook.toml');
    appendFileSync(join(s.repo.dir, 'lefthook.toml'), report.lefthookSnippet);
    const after = await hookStatus({ cwd: s.repo.dir, env: s.repo.env });
    expect(after.map((h) => h.state)).toEqual(HOOKS.map(() => 'installed'));
  });

  it('uninstall removes the stubs and reminds to remove the snippet', () => {
    const done = s.repo.cli(['uninstall']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('remove the ai-attest commands from lefthook.toml');
    expect(existsSync(join(s.repo.dir, '.git', 'ai-attest', 'hooks'))).toBe(false);
    expect(snapshot(join(s.repo.dir, '.git', 'hooks'))).toEqual(gitHooks);
  });
});
