// @module-tag git
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox('ai-attest-post-commit-');
afterAll(() => sandbox.cleanup());
let n = 0;
const NOTE = '{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}\n';

/** An installed repo whose commit-msg is a no-op stand-in, so tests write the pending note themselves. */
function setup(): { repo: Repo; env: NodeJS.ProcessEnv } {
  const repo = makeRepo(sandbox, `repo${n++}`);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'root']);
  const fake = join(sandbox.root, `${n}-noop-cli`);
  writeFileSync(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const done = repo.cli(['install']);
  expect(done.status, done.stderr).toBe(0);
  return { repo, env: { AI_ATTEST_BIN: fake } };
}

/** What commit-msg leaves for post-commit: the note line under the tree about to be committed. */
function pending(repo: Repo, gitDir = join(repo.dir, '.git'), content = NOTE): string {
  const tree = repo.git(['write-tree']).trim();
  const dir = join(gitDir, 'ai-attest', 'pending');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${tree}.note`), content);
  return join(dir, `${tree}.note`);
}

function commit(repo: Repo, env: NodeJS.ProcessEnv, cwd = repo.dir) {
  return spawnSync('setsid', ['-w', 'git', 'commit', '-q', '--allow-empty', '-m', `c${n++}`], {
    cwd,
    env: { ...repo.env, ...env },
    encoding: 'utf8',
  });
}

const note = (repo: Repo, rev = 'HEAD') => repo.gitRaw(['notes', '--ref=ai-attest', 'show', rev]);
const lockDir = (repo: Repo) => join(repo.dir, '.git', 'ai-attest', 'notes.lock');

describe('post-commit', () => {
  it('files the pending note under the new commit and releases the lock', () => {
    const { repo, env } = setup();
    repo.write('a.txt', 'a\n');
    repo.git(['add', 'a.txt']);
    const file = pending(repo);
    const done = commit(repo, env);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stderr).toBe('');
    expect(note(repo).stdout).toBe(NOTE);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(lockDir(repo))).toBe(false);
  });

  it('does nothing when there is no pending note', () => {
    const { repo, env } = setup();
    expect(commit(repo, env).status).toBe(0);
    expect(note(repo).status).not.toBe(0);
  });

  it('leaves the pending note alone with AI_ATTEST=0', () => {
    const { repo, env } = setup();
    const file = pending(repo);
    expect(commit(repo, { ...env, AI_ATTEST: '0' }).status).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(note(repo).status).not.toBe(0);
  });

  it('moves the note to unfiled/ and says how to file it when the lock stays busy', () => {
    const { repo, env } = setup();
    const file = pending(repo);
    mkdirSync(lockDir(repo), { recursive: true });
    const done = commit(repo, { ...env, AI_ATTEST_LOCK_TIMEOUT: '0' });
    expect(done.status).toBe(0);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    expect(done.stderr).toContain(`could not file the attestation note of commit ${head}`);
    expect(done.stderr).toContain('ai-attest notes flush');
    expect(readFileSync(join(repo.dir, '.git', 'ai-attest', 'unfiled', `${head}.note`), 'utf8')).toBe(NOTE);
    expect(existsSync(file)).toBe(false);
    expect(note(repo).status).not.toBe(0);
    // Someone else's lock is not ours to release.
    expect(existsSync(lockDir(repo))).toBe(true);
  });

  it('waits for a lock that is released in time', async () => {
    const { repo, env } = setup();
    pending(repo);
    mkdirSync(lockDir(repo), { recursive: true });
    const child = spawn('setsid', ['-w', 'git', 'commit', '-q', '--allow-empty', '-m', 'waits'], {
      cwd: repo.dir,
      env: { ...repo.env, ...env, AI_ATTEST_LOCK_TIMEOUT: '10' },
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 400));
    rmdirSync(lockDir(repo));
    const status = await new Promise<number | null>((r) => child.on('close', r));
    expect(status).toBe(0);
    expect(note(repo).stdout).toBe(NOTE);
  });

  it('breaks a lock older than 120 s, and says so', () => {
    const { repo, env } = setup();
    pending(repo);
    mkdirSync(lockDir(repo), { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lockDir(repo), old, old);
    const done = commit(repo, env);
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('removing a stale notes lock');
    expect(note(repo).stdout).toBe(NOTE);
    expect(existsSync(lockDir(repo))).toBe(false);
  });

  it('moves the note to unfiled/ when git notes fails', () => {
    const { repo, env } = setup();
    pending(repo);
    // A notes ref that points at a blob: git refuses to append to it.
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: 'not a notes tree\n' }).trim();
    repo.git(['update-ref', 'refs/notes/ai-attest', blob]);
    const done = commit(repo, env);
    expect(done.status).toBe(0);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    expect(done.stderr).toContain('git notes append failed');
    expect(existsSync(join(repo.dir, '.git', 'ai-attest', 'unfiled', `${head}.note`))).toBe(true);
    expect(existsSync(lockDir(repo))).toBe(false);
  });

  it('files the note even when a previous post-commit hook fails', () => {
    const { repo, env } = setup();
    repo.cli(['uninstall']);
    const hook = join(repo.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/bin/sh\necho theirs >"$(git rev-parse --git-dir)/theirs.log"\nexit 4\n', { mode: 0o755 });
    expect(repo.cli(['install']).status).toBe(0);
    pending(repo);
    expect(commit(repo, env).status).toBe(0);
    expect(readFileSync(join(repo.dir, '.git', 'theirs.log'), 'utf8')).toBe('theirs\n');
    expect(note(repo).stdout).toBe(NOTE);
  });

  it('in a worktree, reads the pending note of that worktree and locks the common dir', () => {
    const { repo, env } = setup();
    const wt = join(sandbox.root, `wt${n}`);
    repo.git(['worktree', 'add', '-q', '-b', `side${n}`, wt]);
    const wtRepo = { ...repo, git: (args: string[]) => spawnSync('git', args, { cwd: wt, env: repo.env, encoding: 'utf8' }).stdout };
    const wtGitDir = wtRepo.git(['rev-parse', '--absolute-git-dir']).trim();
    pending(wtRepo as Repo, wtGitDir);
    const done = commit(repo, env, wt);
    expect(done.status, done.stderr).toBe(0);
    const head = wtRepo.git(['rev-parse', 'HEAD']).trim();
    expect(note(repo, head).stdout).toBe(NOTE);
  });
});

describe('POSIX sh compatibility', () => {
  const shell = spawnSync('sh', ['-c', 'command -v dash'], { encoding: 'utf8' }).stdout.trim() || 'sh';

  it(`every hook parses under ${shell}`, () => {
    const { repo } = setup();
    for (const hook of ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite', 'pre-push']) {
      const parsed = spawnSync(shell, ['-n', join(repo.dir, '.git', 'hooks', hook)], { encoding: 'utf8' });
      expect(parsed.status, `${hook}: ${parsed.stderr}`).toBe(0);
    }
  });

  it(`post-commit and pre-push work when run by ${shell} itself`, () => {
    const { repo } = setup();
    const log = join(sandbox.root, `${n}-dash.log`);
    const fake = join(sandbox.root, `${n}-dash-cli`);
    writeFileSync(fake, '#!/bin/sh\n{ echo "$*"; cat; } >>"$FAKE_LOG"\n', { mode: 0o755 });
    const env = { ...repo.env, AI_ATTEST_BIN: fake, FAKE_LOG: log };
    const hooks = join(repo.dir, '.git', 'hooks');

    const pushed = spawnSync(shell, [join(hooks, 'pre-push'), 'origin', 'url'], {
      cwd: repo.dir,
      env,
      input: 'a b c d\n',
      encoding: 'utf8',
    });
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('hook pre-push origin url\na b c d\n');

    repo.write('d.txt', 'd\n');
    repo.git(['add', 'd.txt']);
    pending(repo);
    repo.git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'no hooks']);
    const filed = spawnSync(shell, [join(hooks, 'post-commit')], { cwd: repo.dir, env, encoding: 'utf8' });
    expect(filed.status, filed.stderr).toBe(0);
    expect(note(repo).stdout).toBe(NOTE);
  });
});
