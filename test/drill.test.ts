// @module-tag git
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import type { DrillResult } from '../src/drill/model.js';
import { sampleRanges } from '../src/drill/sample.js';

/**
 * Fire drills on real repositories through the built CLI: a clean history scores full marks with
 * no gap (exit 0); a history with a gap of every kind planted has each one found (exit 1).
 */
const sandbox = makeSandbox('ai-attest-drill-');
afterAll(() => sandbox.cleanup());

function commitFile(repo: Repo, path: string, env: NodeJS.ProcessEnv, lines = 3): void {
  repo.write(path, Array.from({ length: lines }, (_, i) => `// ${path} line ${i + 1}`).join('\n') + '\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', `change ${path}`], { env: { AI_ATTEST_NO_PROMPT: '1', ...env } });
}

function runDrill(repo: Repo, ...args: string[]): { status: number | null; result: DrillResult; stderr: string } {
  const r = repo.cli(['drill', '--count', '40', '--seed', '7', '--json', ...args]);
  return { status: r.status, result: JSON.parse(r.stdout || '{}') as DrillResult, stderr: r.stderr };
}

describe('ai-attest drill', () => {
  let clean: Repo;
  let planted: Repo;

  beforeAll(() => {
    clean = initRepo(sandbox, 'clean');
    commitFile(clean, 'src/feature.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '70' });
    commitFile(clean, 'src/manual.ts', { AI_ATTEST_TOOLS: 'none' });

    planted = initRepo(sandbox, 'planted');
    const remote = join(sandbox.root, 'planted-remote.git');
    planted.git(['init', '-q', '--bare', remote]);
    planted.git(['remote', 'add', 'origin', remote]);
    commitFile(planted, 'src/ok.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '50' });
    commitFile(planted, 'src/unattested.ts', { AI_ATTEST: '0' });
    commitFile(planted, 'src/undeclared.ts', {});
    commitFile(planted, 'src/auth/login.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '90' });
    commitFile(planted, 'src/aider.ts', { AI_ATTEST_TOOLS: 'aider:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '40' });
    // A commit whose tree is changed after it was signed: its attestation binds another change.
    commitFile(planted, 'src/forged.ts', { AI_ATTEST_TOOLS: 'none' });
    planted.write('src/forged.ts', '// rewritten after signing\n');
    planted.git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-a', '--amend', '--no-edit']);
    // A trusted teammate whose key lapses in five days, with no successor.
    const key = planted.cli(['keys', 'generate', '--name', 'Ops', '--email', 'ops@example.com', '--expires', '5', '--json']);
    expect(key.status, key.stderr).toBe(0);
    const fpr = (JSON.parse(key.stdout) as { fingerprint: string }).fingerprint;
    expect(planted.cli(['keys', 'export', fpr, '--output', join(planted.dir, '.ai-attest/keys/ops.asc')]).status).toBe(0);
    planted.git(['add', '-A']);
    planted.git(['commit', '-q', '-m', 'Trust the ops key'], { env: { AI_ATTEST_TOOLS: 'none' } });
    // A commit made while the notes lock was busy: its note waits unfiled in this clone.
    const lock = join(planted.dir, '.git', 'ai-attest', 'notes.lock');
    mkdirSync(lock, { recursive: true });
    commitFile(planted, 'src/busy.ts', { AI_ATTEST_TOOLS: 'none', AI_ATTEST_LOCK_TIMEOUT: '0' });
    rmdirSync(lock);
    // Published without its notes: the remote knows the commits, not their attestations.
    planted.git(['push', '-q', 'origin', 'HEAD:main'], { env: { AI_ATTEST: '0' } });
  });

  it('gives a clean history full marks and no gap', () => {
    const { status, result, stderr } = runDrill(clean);
    expect(stderr).toBe('');
    expect(result.gaps).toEqual([]);
    expect(status).toBe(0);
    expect(result.scorecard).toMatchObject({ aiContributions: 1, score: 1 });
    expect(result.ranges.map((r) => r.path).sort()).toEqual(['README.md', 'src/feature.ts', 'src/manual.ts']);
    expect(result.scorecard.byFact.model).toEqual({ found: 1, required: 1 });
  });

  it('finds every planted gap, each under its own kind, and exits 1', () => {
    const { status, result } = runDrill(planted, '--remote', 'origin');
    expect(status).toBe(1);
    const kinds = (path: string) =>
      result.ranges
        .filter((r) => r.path === path)
        .flatMap((r) => r.contributions.flatMap((c) => c.gaps.map((g) => g.kind)))
        .sort();
    expect(kinds('src/unattested.ts')).toEqual(['unattested']);
    expect(kinds('src/undeclared.ts')).toEqual(['undeclared']);
    expect(kinds('src/auth/login.ts')).toEqual(['detail-missing']);
    expect(kinds('src/forged.ts')).toEqual(['unverified']);
    expect(kinds('src/ok.ts')).toEqual([]);
    // Signed and intact, but with a tool the registry does not approve: a trail gap, not a forgery.
    expect(kinds('src/aider.ts')).toEqual([]);
    const trail = result.repositoryGaps.map((g) => `${g.kind} ${g.kind.startsWith('note') ? '' : g.subject}`.trim());
    expect(trail).toEqual(expect.arrayContaining(['tool-unapproved aider', 'tool-not-instrumented aider']));
    expect(result.repositoryGaps.map((g) => g.kind)).toContain('notes-unfiled');
    expect(result.repositoryGaps.find((g) => g.kind === 'key-expiring')?.message).toMatch(/ops@example.com.*expires on/);
    // Notes never pushed: every attested commit drilled lacks its note on the remote.
    expect(result.repositoryGaps.filter((g) => g.kind === 'note-not-on-remote').length).toBeGreaterThan(0);
    // The sensitive AI commit misses two of the five facts it needed: prompt and raw output.
    expect(result.scorecard.byFact.prompt.found).toBeLessThan(result.scorecard.byFact.prompt.required);
    expect(result.scorecard.score).toBeLessThan(1);
  });

  it('draws the same ranges for the same seed, and only from what was asked', () => {
    const a = runDrill(planted, '--sensitive').result;
    const b = runDrill(planted, '--sensitive').result;
    expect(a.ranges.map((r) => [r.path, r.start, r.end])).toEqual(b.ranges.map((r) => [r.path, r.start, r.end]));
    expect(new Set(a.ranges.map((r) => r.path))).toEqual(new Set(['src/auth/login.ts']));
    const text = planted.cli(['drill', '--count', '3', '--seed', '1', '--paths', 'src/ok.ts']);
    expect(text.stdout).toMatch(/^ai-attest drill: 1 range of HEAD/);
    const bad = planted.cli(['drill', '--count', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--count many/);
  });
});

describe('sampleRanges', () => {
  it('draws every line with equal chance and never overlaps ranges in a file', () => {
    const files = [
      { path: 'a', lines: 1000 },
      { path: 'b', lines: 3000 },
    ];
    const ranges = sampleRanges(files, 200, 42, 5);
    expect(ranges).toHaveLength(200);
    const inB = ranges.filter((r) => r.path === 'b').length;
    expect(inB / 200).toBeGreaterThan(0.6);
    expect(inB / 200).toBeLessThan(0.9);
    for (const f of ['a', 'b']) {
      const mine = ranges.filter((r) => r.path === f).sort((x, y) => x.start - y.start);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThan(mine[i - 1]!.end);
    }
    expect(sampleRanges(files, 200, 42, 5)).toEqual(ranges);
  });
});

describe('ai-attest drill and the detail tier', () => {
  it('finds prompt and raw output where a record is bound, and a gap once no current recipient can open it', async () => {
    const { submitContribution } = await import('../src/detail/index.js');
    const { makeRecipient, session } = await import('./helpers/detail.js');
    const [alice, bob] = await Promise.all([makeRecipient('Alice Compliance'), makeRecipient('Bob Incident')]);
    const repo = initRepo(sandbox, 'detailed');
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Compliance recipients'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    await submitContribution(session(3, 'src/auth/session.ts'), { cwd: repo.dir, gitDir: join(repo.dir, '.git'), key: 's' });
    commitFile(repo, 'src/auth/session.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '80' });

    const before = runDrill(repo, '--sensitive').result;
    const contribution = before.ranges[0]!.contributions[0]!;
    expect(contribution.facts).toMatchObject({ prompt: true, rawOutput: true });
    expect(contribution.gaps).toEqual([]);
    expect(before.scorecard.score).toBe(1);

    // trace with verify's cache warm still sees the record the statement binds (its note part).
    for (let i = 0; i < 2; i++) {
      const trace = JSON.parse(repo.cli(['trace', 'src/auth/session.ts', '-L', '1,1', '--json']).stdout);
      expect(
        Object.values(trace.commits as Record<string, { attestation: { detail: { recorded: boolean } } }>)[0]!.attestation.detail.recorded,
      ).toBe(true);
    }

    // Recipients rotated without re-encrypting the old record: Bob replaces Alice.
    repo.git(['rm', '-q', '.ai-attest/recipients/alice.asc']);
    repo.write('.ai-attest/recipients/bob.asc', bob.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Bob replaces Alice'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const after = runDrill(repo, '--sensitive');
    expect(after.status).toBe(1);
    expect(after.result.ranges[0]!.contributions[0]!.gaps.map((g) => g.kind)).toEqual(['detail-unreadable']);
  });
});
