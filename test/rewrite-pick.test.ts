import { afterAll, describe, expect, it } from 'vitest';
import { parseNote } from '../src/core/note.js';
import { decodeEnvelopePayload } from '../src/core/statement.js';
import type { Predicate } from '../src/core/model.js';
import { CLAUDE, initRepo, noteOf } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';

/**
 * Cherry-pick and `merge --squash`, which git runs without post-rewrite: after each, verify must
 * report every commit as ok, carried, or explicitly flagged (never a silent loss).
 */
const COPILOT = 'copilot:gpt-4.1-2025-04-14';
const sandbox = makeSandbox('ai-attest-pick-');
afterAll(() => sandbox.cleanup());
let counter = 0;
const fresh = () => initRepo(sandbox, `pick${counter++}`);

function commit(repo: Repo, path: string, content: string, message: string, tools = 'none', share = 0): string {
  repo.write(path, content);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env: { AI_ATTEST_TOOLS: tools, AI_ATTEST_PROPORTION: String(share) } });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

function lines(n: number, edit: Record<number, string> = {}): string {
  return Array.from({ length: n }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
}

interface Verdict {
  commit: string;
  subject: string;
  status: string;
  statement: { source: string; ai: string; tools: Array<{ tool: string; model: string }>; share: number; carriedFrom?: string[]; relation: string } | null;
  results: Array<{ check: string; result: string; level: string; fix?: string }>;
}

function verify(repo: Repo, ...revs: string[]): Map<string, Verdict> {
  const r = repo.cli(['verify', '--json', '--no-cache', ...revs]);
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  const commits = (JSON.parse(r.stdout) as { commits: Verdict[] }).commits;
  return new Map(commits.map((c) => [c.subject, c]));
}

/**
 * ok or carried; or warn only because the trailers still hold the statement of the commit this one
 * replaced while a statement naming this commit (carry, attest) speaks for it (see docs/rewrites.md).
 */
function passes(v: Verdict): boolean {
  if (v.status === 'ok' || v.status === 'carried') return true;
  return v.status === 'warn' && v.results.every((r) => r.level !== 'fail' && r.check === 'binding' && r.result === 'binding-mismatch');
}

/** Every verdict passes (ok or carried) or names what to do: no commit fails silently. */
function expectNoSilentLoss(verdicts: Map<string, Verdict>): void {
  for (const v of verdicts.values()) {
    expect(['ok', 'carried', 'warn', 'fail'], v.subject).toContain(v.status);
    if (v.status === 'warn' || v.status === 'fail') expect(v.results.some((r) => r.fix), `${v.subject} has a fix`).toBe(true);
  }
}

function predicates(repo: Repo, rev = 'HEAD'): Predicate[] {
  return parseNote(noteOf(repo, rev)).flatMap((l) => (l.kind === 'envelope' ? [(decodeEnvelopePayload(l.envelope) as { predicate: Predicate }).predicate] : []));
}

function carryOf(repo: Repo, rev = 'HEAD'): Predicate | undefined {
  const head = repo.git(['rev-parse', rev]).trim();
  return predicates(repo, rev).find((p) => p.source === 'carry' && p.binding.commit === head) ?? predicates(repo, rev).find((p) => p.binding.commit === head);
}

describe('cherry-pick', () => {
  it('a clean pick is carried at once: post-commit hands it to post-rewrite, which re-signs it', () => {
    const repo = fresh();
    repo.git(['checkout', '-q', '-b', 'topic']);
    const picked = commit(repo, 'p.txt', lines(4), 'picked', CLAUDE, 25);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'm.txt', 'm\n', 'main work');
    repo.git(['cherry-pick', picked]);
    expect(carryOf(repo)).toMatchObject({ source: 'carry', carriedFrom: [picked], share: 25, extensions: { 'ai-attest.carry': { kind: 'cherry-pick', proof: 'patch-id' } } });
    const v = verify(repo, 'HEAD').get('picked')!;
    expect(passes(v)).toBe(true);
    expect(v.statement?.source).toBe('carry');
    // The original statement travels along as evidence.
    expect(predicates(repo).some((p) => p.source === 'env' && p.share === 25)).toBe(true);
  });

  it('a pick whose conflict was resolved by an edit is flagged, not passed', () => {
    const repo = fresh();
    commit(repo, 'f.txt', lines(4), 'base');
    repo.git(['checkout', '-q', '-b', 'topic']);
    const picked = commit(repo, 'f.txt', lines(4, { 2: 'topic' }), 'picked', CLAUDE, 50);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'f.txt', lines(4, { 2: 'main' }), 'main work');
    expect(repo.gitRaw(['cherry-pick', picked]).status).not.toBe(0);
    repo.write('f.txt', lines(4, { 2: 'merged by hand' }));
    repo.git(['add', '-A']);
    const done = repo.gitRaw(['cherry-pick', '--continue'], { env: { GIT_EDITOR: 'true' } });
    expect(done.status, done.stderr).toBe(0);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    repo.cli(['hook', 'post-rewrite', 'cherry-pick'], { input: `${picked} ${head}\n` });
    const v = verify(repo, 'HEAD').get('picked')!;
    expect(v.status).toBe('fail');
    expect(v.results.map((r) => r.fix).join('\n')).toMatch(/ai-attest attest/);
  });
});

describe('merge --squash', () => {
  it('commit-msg carries the squashed commits: merged answers, originals as evidence; carry then has nothing to do', async () => {
    const repo = fresh();
    repo.git(['checkout', '-q', '-b', 'topic']);
    const one = commit(repo, 'one.txt', lines(10), 'one', CLAUDE, 40);
    const two = commit(repo, 'two.txt', lines(10), 'two');
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'm.txt', 'm\n', 'main work');
    const base = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['merge', '--squash', 'topic']);

    const { carryAtCommit } = await import('../src/rewrite/commit-time.js');
    const { loadConfig } = await import('../src/config/load.js');
    const { config } = await loadConfig({ top: repo.dir });
    const gitDir = `${repo.dir}/.git`;
    const tree = repo.git(['write-tree'], {}).trim();
    const staged = repo.git(['diff', '--cached', '--name-only', base]).trim().split('\n');
    const patchId = repo.git(['patch-id', '--stable'], { input: repo.git(['diff', '--cached', '--full-index', '--binary', '--no-renames', base]) }).split(' ')[0]!;
    const carried = await carryAtCommit({ cwd: repo.dir, env: repo.env, gitDir, commonDir: gitDir, top: repo.dir, config, base, tree, parents: [base], patchId, files: staged });
    expect(carried).toMatchObject({ kind: 'merge-squash', carriedFrom: [one, two], answers: { ai: 'used', share: 20, source: 'carry' } });
    expect(carried!.evidence).toHaveLength(2);

    repo.git(['commit', '-q', '--no-edit']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    const signed = predicates(repo).find((p) => p.binding.tree === repo.git(['rev-parse', 'HEAD^{tree}']).trim() && p.source === 'carry');
    expect(signed).toMatchObject({ ai: 'used', share: 20, carriedFrom: [one, two] });
    expect(predicates(repo)).toHaveLength(3);
    const carry = repo.cli(['carry', `${base}..topic`, 'HEAD', '--json']);
    expect(carry.status, carry.stderr).toBe(0);
    expect(JSON.parse(carry.stdout).outcomes[0]).toMatchObject({ action: 'kept' });
    const v = verify(repo, 'HEAD').values().next().value!;
    expect(v.commit).toBe(head);
    expect(v.status, JSON.stringify(v.results)).toBe('ok');
    expect(v.statement).toMatchObject({ source: 'carry', share: 20, carriedFrom: [one, two] });
  });
});
