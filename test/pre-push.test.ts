// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { rev } from './helpers/tamper.js';

/** The pre-push hook against a real bare remote: only what the remote lacks is verified. */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

let repo: Repo;
let remote: Repo;

function commit(file: string, env: NodeJS.ProcessEnv = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '30' }): string {
  repo.write(file, `${file}\n`);
  repo.git(['add', file]);
  repo.git(['commit', '-q', '-m', `Add ${file}`], { env: { AI_ATTEST_QUIET: '1', ...env } });
  return rev(repo, 'HEAD');
}

function push(args: string[]) {
  return repo.gitRaw(['push', 'origin', ...args]);
}

function remoteHas(ref: string): string | null {
  const r = remote.gitRaw(['rev-parse', '-q', '--verify', ref]);
  return r.status === 0 ? r.stdout.trim() : null;
}

beforeAll(() => {
  repo = initRepo(sandbox);
  remote = makeRepo(sandbox, 'remote.git', false);
  remote.git(['init', '-q', '--bare']);
  repo.git(['remote', 'add', 'origin', remote.dir]);
  commit('src/one.ts');
  commit('docs/two.md', { AI_ATTEST_TOOLS: 'none' });
});

describe('pre-push', () => {
  it('verifies the whole new branch on the first push, and lets good commits through', () => {
    const r = push(['main']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('ai-attest: verified 3 commits to push to origin: all pass.');
    expect(remoteHas('refs/heads/main')).toBe(rev(repo, 'HEAD'));
  });

  it('pushes the attestation notes along', () => {
    expect(remoteHas('refs/notes/ai-attest')).not.toBeNull();
  });

  it('checks only the new commits on the next push', () => {
    commit('src/three.ts');
    const r = push(['main']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('ai-attest: verified 1 commit to push to origin: all pass.');
  });

  it('refuses a push of a bad commit, naming the fix, and the remote keeps its tip', () => {
    const before = remoteHas('refs/heads/main');
    const bad = commit('src/unattested.ts', { AI_ATTEST: '0' });
    const r = push(['main']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FAIL missing \(1 commit\)/);
    expect(r.stderr).toContain(`fix: ai-attest attest ${bad.slice(0, 12)}`);
    expect(r.stderr).toMatch(/push to origin refused/);
    expect(remoteHas('refs/heads/main')).toBe(before);

    expect(repo.cli(['attest', bad, '--tools', 'none']).status).toBe(0);
    const again = push(['main']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('verified 1 commit');
  });

  it('has nothing to check for a new branch of pushed commits and for a deletion', () => {
    const branch = push(['HEAD:refs/heads/feature']);
    expect(branch.status, branch.stderr).toBe(0);
    expect(branch.stderr).not.toContain('verified');
    expect(remoteHas('refs/heads/feature')).not.toBeNull();
    const deletion = push([':refs/heads/feature']);
    expect(deletion.status, deletion.stderr).toBe(0);
    expect(remoteHas('refs/heads/feature')).toBeNull();
  });

  it('peels a tag to its commit: a tag of an unattested commit is refused', () => {
    repo.git(['checkout', '-q', '-b', 'side']);
    commit('src/side.ts', { AI_ATTEST: '0' });
    repo.git(['tag', '-a', '-m', 'release', 'v-side']);
    repo.git(['checkout', '-q', 'main']);
    const r = push(['refs/tags/v-side']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FAIL missing/);
    expect(remoteHas('refs/tags/v-side')).toBeNull();
  });

  it('after a force push, checks the rewritten commits only', () => {
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
    commit('src/rewritten.ts');
    const r = push(['--force', 'main']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('verified 1 commit');
  });

  it('`ai-attest verify --pre-push` reads the same lines and reports them as JSON', () => {
    const tip = commit('src/four.ts');
    const old = remoteHas('refs/heads/main')!;
    const input = `refs/heads/main ${tip} refs/heads/main ${old}\nrefs/heads/gone ${'0'.repeat(40)} refs/heads/gone ${old}\n`;
    const r = repo.cli(['verify', '--pre-push', 'origin', remote.dir, '--json'], { input });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      schema: 'ai-attest/verify@1',
      summary: { commits: 1, passed: true },
      commits: [{ commit: tip }],
    });
    const fresh = repo.cli(['verify', '--pre-push', 'origin', remote.dir, '--json'], {
      input: `refs/heads/new ${tip} refs/heads/new ${'0'.repeat(40)}\n`,
    });
    expect(JSON.parse(fresh.stdout).summary.commits).toBe(1);
  });

  it('skips everything with AI_ATTEST=0', () => {
    commit('src/skip.ts', { AI_ATTEST: '0' });
    const r = repo.gitRaw(['push', 'origin', 'main'], { env: { AI_ATTEST: '0' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ai-attest:');
  });
});
