// @module-tag git
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * A forge squashes or rebases a pull request on the server, where no hook runs; CI then runs
 * `ai-attest sync`, `ai-attest carry OLD NEW` and `ai-attest sync` (docs/ci/server-squash.md).
 */
const sandbox = makeSandbox('ai-attest-server-');
afterAll(() => sandbox.cleanup());
const bare = join(sandbox.root, 'remote.git');
execFileSync('git', ['init', '-q', '--bare', bare], { env: sandbox.env });
const dev = initRepo(sandbox, 'dev');
dev.git(['remote', 'add', 'origin', bare]);
dev.git(['push', '-q', '--no-verify', '-u', 'origin', 'main']);

/** A clone without ai-attest's hooks: the forge's merge machinery. */
const forge = makeRepo(sandbox, 'forge', false);
forge.git(['clone', '-q', bare, '.']);

function commit(repo: Repo, path: string, lines: number, message: string, tools = 'none', share = 0): void {
  repo.write(path, Array.from({ length: lines }, (_, i) => `${message} ${i}`).join('\n') + '\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env: { AI_ATTEST_TOOLS: tools, AI_ATTEST_PROPORTION: String(share) } });
}

function ciClone(name: string, branch: string): Repo {
  const ci = makeRepo(sandbox, name, false);
  ci.git(['clone', '-q', bare, '.']);
  // On GitHub the pull request's commits stay under refs/pull/N/head after the branch is deleted.
  ci.git(['fetch', '-q', 'origin', `${branch}:refs/remotes/origin/${branch}`]);
  return ci;
}

interface Verdict {
  subject: string;
  status: string;
  statement: { source: string; share: number; carriedFrom?: string[] } | null;
  results: Array<{ check: string; result: string; level: string }>;
}

function verify(repo: Repo, range: string): Verdict[] {
  const r = repo.cli(['verify', '--json', '--no-cache', range]);
  expect([0, 1], r.stderr).toContain(r.status);
  return JSON.parse(r.stdout).commits;
}

/** ok or carried; warn only for trailers the forge copied from a replaced commit (see docs/rewrites.md). */
function passes(v: Verdict): boolean {
  if (v.status === 'ok' || v.status === 'carried') return true;
  return v.status === 'warn' && v.results.every((r) => r.level !== 'fail' && r.result === 'binding-mismatch');
}

describe('server-side merges, carried by CI', () => {
  it('a squash merge: carry merges the pull request attestations into the squash commit', () => {
    const base = dev.git(['rev-parse', 'HEAD']).trim();
    dev.git(['checkout', '-q', '-b', 'feature']);
    commit(dev, 'one.txt', 30, 'one', CLAUDE, 40);
    commit(dev, 'two.txt', 10, 'two');
    dev.git(['push', '-q', '--no-verify', 'origin', 'feature']);
    expect(dev.cli(['sync']).status).toBe(0);

    // GitHub's squash message lists each commit's message, trailers included, under the title.
    forge.git(['fetch', '-q', 'origin']);
    forge.git(['checkout', '-q', 'main']);
    forge.git(['reset', '-q', '--hard', 'origin/main']);
    const bodies = dev.git(['log', '--reverse', '--format=* %B', `${base}..feature`]);
    forge.git(['merge', '-q', '--squash', 'origin/feature']);
    forge.git(['commit', '-q', '-m', `Feature (#1)\n\n${bodies}`]);
    forge.git(['push', '-q', 'origin', 'main']);

    const ci = ciClone('ci-squash', 'feature');
    expect(verify(ci, 'origin/main~1..origin/main')[0]!.status).toBe('fail');
    expect(ci.cli(['sync']).status).toBe(0);
    const carry = ci.cli(['carry', `${base}..origin/feature`, 'origin/main', '--json']);
    expect(carry.status, carry.stderr).toBe(0);
    const report = JSON.parse(carry.stdout);
    expect(report).toMatchObject({ schema: 'ai-attest/carry@1', mode: 'squash', unmatchedOld: [], unmatchedNew: [] });
    expect(report.outcomes).toEqual([expect.objectContaining({ action: 'carried', proof: 'squash' })]);
    expect(ci.cli(['sync']).status).toBe(0);

    const [squash] = verify(ci, 'origin/main~1..origin/main');
    expect(passes(squash!), JSON.stringify(squash)).toBe(true);
    // 30 lines at 40 %, 10 lines without AI.
    expect(squash!.statement).toMatchObject({ source: 'carry', share: 30 });
    expect(squash!.statement!.carriedFrom).toHaveLength(2);

    // The developer gets the carried statement with the next sync.
    dev.git(['fetch', '-q', 'origin']);
    expect(dev.cli(['sync']).status).toBe(0);
    expect(passes(verify(dev, 'origin/main~1..origin/main')[0]!)).toBe(true);
  });

  it('a rebase merge: carry pairs old and new commits by their change', () => {
    dev.git(['fetch', '-q', 'origin']);
    dev.git(['checkout', '-q', '-b', 'feature2', 'origin/main']);
    const base = dev.git(['rev-parse', 'HEAD']).trim();
    commit(dev, 'three.txt', 5, 'three', CLAUDE, 70);
    commit(dev, 'four.txt', 5, 'four', CLAUDE, 10);
    dev.git(['push', '-q', '--no-verify', 'origin', 'feature2']);
    expect(dev.cli(['sync']).status).toBe(0);

    // main moves on, then the forge rebases the pull request onto it.
    forge.git(['fetch', '-q', 'origin']);
    forge.git(['reset', '-q', '--hard', 'origin/main']);
    forge.write('other.txt', 'other\n');
    forge.git(['add', '-A']);
    forge.git(['commit', '-q', '-m', 'other work']);
    const newBase = forge.git(['rev-parse', 'HEAD']).trim();
    forge.git(['cherry-pick', `${base}..origin/feature2`]);
    forge.git(['push', '-q', 'origin', 'main']);

    const ci = ciClone('ci-rebase', 'feature2');
    expect(ci.cli(['sync']).status).toBe(0);
    const carry = ci.cli(['carry', `${base}..origin/feature2`, `${newBase}..origin/main`, '--json']);
    expect(carry.status, carry.stderr).toBe(0);
    const report = JSON.parse(carry.stdout);
    expect(report.mode).toBe('rebase');
    expect(report.outcomes.map((o: { action: string; proof: string }) => `${o.action}:${o.proof}`)).toEqual([
      'carried:patch-id',
      'carried:patch-id',
    ]);
    expect(ci.cli(['sync']).status).toBe(0);
    const verdicts = verify(ci, `${newBase}..origin/main`);
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) {
      expect(passes(v), JSON.stringify(v)).toBe(true);
      expect(v.statement?.source).toBe('carry');
    }
  });
});
