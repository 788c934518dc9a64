// @module-tag git
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/** Notes sync against a real bare remote: concurrent clones, a fresh clone, and the config left alone. */
const sandbox = makeSandbox('ai-attest-sync-');
afterAll(() => sandbox.cleanup());
const REF = 'refs/notes/ai-attest';

const bare = join(sandbox.root, 'remote.git');
const remoteGit = (args: string[]) => execFileSync('git', ['--git-dir', bare, ...args], { env: sandbox.env, encoding: 'utf8' });
execFileSync('git', ['init', '-q', '--bare', bare], { env: sandbox.env });
const origin = initRepo(sandbox, 'origin-work');
origin.git(['remote', 'add', 'origin', bare]);
origin.git(['push', '-q', '--no-verify', 'origin', 'main']);

function clone(name: string): Repo {
  const repo = makeRepo(sandbox, name, false);
  repo.git(['clone', '-q', bare, '.']);
  const install = repo.cli(['install']);
  expect(install.status, install.stderr).toBe(0);
  return repo;
}

function commit(repo: Repo, path: string, message: string, env: NodeJS.ProcessEnv = { AI_ATTEST_TOOLS: 'none' }): string {
  repo.write(path, `${message}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

function syncAsync(repo: Repo): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sync', '--json'], { cwd: repo.dir, env: repo.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function noteLines(git: (args: string[]) => string, commit: string): Set<string> {
  try {
    return new Set(
      git(['notes', `--ref=${REF}`, 'show', commit])
        .split('\n')
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

function allNoteLines(repo: Repo): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const list = repo.git(['notes', `--ref=${REF}`, 'list']).trim();
  for (const line of list ? list.split('\n') : []) {
    const commit = line.split(' ')[1]!;
    out.set(
      commit,
      noteLines((a) => repo.git(a), commit),
    );
  }
  return out;
}

describe('two clones attesting and syncing concurrently', () => {
  it('loses no note line: every line of both clones ends up on the remote', async () => {
    const a = clone('clone-a');
    const b = clone('clone-b');
    const fetchBefore = a.git(['config', '--get-all', 'remote.origin.fetch']);
    // Work on both sides, and both attest the same shared commit after the fact: a note conflict.
    const shared = origin.git(['rev-parse', 'HEAD']).trim();
    for (let i = 0; i < 3; i++) {
      commit(a, `a${i}.txt`, `a${i}`, { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: String(10 * i) });
      commit(b, `b${i}.txt`, `b${i}`);
    }
    expect(a.cli(['attest', shared, '--tools', 'none']).status).toBe(0);
    expect(b.cli(['attest', shared, '--tools', CLAUDE, '--proportion', '5']).status).toBe(0);
    a.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/a']);
    b.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/b']);
    const expected = new Map<string, Set<string>>();
    for (const repo of [a, b]) {
      for (const [commit, lines] of allNoteLines(repo)) expected.set(commit, new Set([...(expected.get(commit) ?? []), ...lines]));
    }

    // Two syncs from each clone at once: each round races the others for the remote ref.
    const results = await Promise.all([syncAsync(a), syncAsync(b), syncAsync(a), syncAsync(b)]);
    for (const r of results) expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(
      results.map((r) => JSON.parse(r.stdout).rounds).some((n: number) => n > 1) || results.every((r) => JSON.parse(r.stdout).ok),
    ).toBe(true);

    for (const [commit, lines] of expected) {
      const onRemote = noteLines(remoteGit, commit);
      for (const line of lines) expect(onRemote.has(line), `line of ${commit.slice(0, 8)} on the remote`).toBe(true);
    }
    expect(noteLines(remoteGit, shared).size).toBeGreaterThanOrEqual(2);

    // A last sync brings each clone everything the other pushed.
    for (const repo of [a, b]) expect(repo.cli(['sync']).status).toBe(0);
    for (const [commit, lines] of expected) {
      expect(noteLines((x) => a.git(x), commit)).toEqual(noteLines((x) => b.git(x), commit));
      for (const line of lines) expect(noteLines((x) => b.git(x), commit).has(line)).toBe(true);
    }
    // No refspec was written: a plain fetch still cannot overwrite local notes, a plain push still pushes branches.
    expect(a.git(['config', '--get-all', 'remote.origin.fetch'])).toBe(fetchBefore);
    expect(a.gitRaw(['config', '--get-all', 'remote.origin.push']).stdout).toBe('');
    expect(a.git(['for-each-ref', '--format=%(refname)', 'refs/notes/']).trim().split('\n').sort()).toEqual([
      REF,
      'refs/notes/remotes/origin/ai-attest',
    ]);
  });
});

describe('a fresh clone', () => {
  it('has no notes, syncs them, and then verifies what only the notes attest', () => {
    const work = clone('clone-work');
    const bypassed = commit(work, 'w.txt', 'made with hooks bypassed', { AI_ATTEST: '0' });
    expect(work.cli(['attest', bypassed, '--tools', CLAUDE, '--proportion', '30']).status).toBe(0);
    work.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/work']);
    expect(work.cli(['sync']).status).toBe(0);

    const fresh = clone('clone-fresh');
    fresh.git(['fetch', '-q', 'origin', 'work']);
    expect(fresh.gitRaw(['rev-parse', '-q', '--verify', REF]).status).not.toBe(0);
    const before = fresh.cli(['verify', '--json', '--no-cache', bypassed]);
    expect(before.status).toBe(1);
    expect(JSON.parse(before.stdout).commits[0].status).toBe('fail');

    const sync = fresh.cli(['sync', '--json']);
    expect(sync.status, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ schema: 'ai-attest/sync@1', ok: true, fetched: true, pushed: false });
    const after = fresh.cli(['verify', '--json', '--no-cache', 'origin/main..origin/work']);
    expect(after.status, after.stderr + after.stdout).toBe(0);
    const commits = JSON.parse(after.stdout).commits as Array<{ commit: string; status: string; statement: { source: string } }>;
    expect(commits.find((c) => c.commit === bypassed)).toMatchObject({ status: 'ok', statement: { source: 'attest' } });
  });

  it('says so when the remote has no notes, and pushes its own', () => {
    const bare2 = join(sandbox.root, 'empty.git');
    execFileSync('git', ['init', '-q', '--bare', bare2], { env: sandbox.env });
    origin.git(['push', '-q', '--no-verify', bare2, 'main']);
    const repo = makeRepo(sandbox, 'clone-empty', false);
    repo.git(['clone', '-q', bare2, '.']);
    expect(repo.cli(['install']).status).toBe(0);
    commit(repo, 'e.txt', 'first attested');
    repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
    const r = repo.cli(['sync']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the remote had no notes yet, pushed ours/);
    expect(execFileSync('git', ['--git-dir', bare2, 'rev-parse', `${REF}^{tree}`], { encoding: 'utf8' }).trim()).toBe(
      repo.git(['rev-parse', `${REF}^{tree}`]).trim(),
    );
  });
});
