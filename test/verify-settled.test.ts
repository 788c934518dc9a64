// @module-tag git
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCommits } from '../src/git/log.js';
import { evaluateCommits, loadEvaluationContext, type Evaluated, type EvaluateOptions } from '../src/read/evaluate.js';
import type { RangeSpec } from '../src/read/range.js';
import { settledVerdicts } from '../src/read/verify/settled.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

// verify answers most commits of a long history without evaluating them (src/read/verify/settled.ts):
// before the adoption point, and unattested where ai-attest was never set up. Every verdict must
// be the one the full evaluation gives, on every kind of commit around those two.

const sandbox = makeSandbox('ai-attest-settled-');
afterAll(() => sandbox.cleanup());

const BOT = { GIT_AUTHOR_NAME: 'Release Bot', GIT_AUTHOR_EMAIL: 'bot@example.com' };

function change(repo: Repo, path: string, text: string, message: string, env: NodeJS.ProcessEnv = {}): string {
  repo.write(path, text);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env: { AI_ATTEST: '0', ...env } });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

function merge(repo: Repo, branches: string[], message: string): void {
  const r = repo.gitRaw(['merge', '-q', '--no-ff', '-m', message, ...branches], { env: { AI_ATTEST: '0' } });
  if (r.status !== 0) {
    // A conflict: resolved by hand, so the merge is a change of its own.
    repo.write('shared.txt', 'resolved by hand\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-edit'], { env: { AI_ATTEST: '0' } });
  }
}

/** Plain commits, merges of every shape, a bot's commits, a note that is no statement, a message naming ai-attest. */
function history(repo: Repo, tag: string): void {
  change(repo, 'shared.txt', `base ${tag}\n`, `Base ${tag}`);
  for (let i = 0; i < 4; i++) change(repo, `src/${tag}-${i}.ts`, `export const v = ${i};\n`, `Change ${tag} ${i}`);
  repo.git(['checkout', '-q', '-b', `${tag}-side`]);
  change(repo, `src/${tag}-side.ts`, 'side\n', `Side ${tag}`);
  repo.git(['checkout', '-q', 'main']);
  change(repo, `src/${tag}-main.ts`, 'main\n', `Main ${tag}`);
  merge(repo, [`${tag}-side`], `Merge ${tag}-side (clean)`);
  repo.git(['checkout', '-q', '-b', `${tag}-conflict`]);
  change(repo, 'shared.txt', 'theirs\n', `Theirs ${tag}`);
  repo.git(['checkout', '-q', 'main']);
  change(repo, 'shared.txt', 'ours\n', `Ours ${tag}`);
  merge(repo, [`${tag}-conflict`], `Merge ${tag}-conflict (resolved)`);
  for (const b of ['a', 'b']) {
    repo.git(['checkout', '-q', '-b', `${tag}-octo-${b}`, 'main']);
    change(repo, `src/${tag}-octo-${b}.ts`, `${b}\n`, `Octopus part ${b}`);
  }
  repo.git(['checkout', '-q', 'main']);
  merge(repo, [`${tag}-octo-a`, `${tag}-octo-b`], `Octopus ${tag}`);
  change(repo, `src/${tag}-bot.ts`, 'bot\n', `Bump dependencies ${tag}`, BOT);
  change(repo, `src/${tag}-bot2.ts`, 'bot\n', `Bump again ${tag}`, BOT);
  const noted = change(repo, `src/${tag}-noted.ts`, 'n\n', `Noted ${tag}`);
  repo.git(['notes', '--ref=ai-attest', 'add', '-m', 'not a statement', noted]);
  const blank = change(repo, `src/${tag}-blank-note.ts`, 'n\n', `Blank note ${tag}`);
  repo.git(['notes', '--ref=ai-attest', 'add', '-m', ' ', blank]);
  change(repo, `src/${tag}-named.ts`, 'x\n', `Set up AI-ATTEST hooks for ${tag}`);
  change(repo, `src/${tag}-last.ts`, 'x\n', `Last ${tag}`);
}

/** Commits the last fast run settled without evaluating (the test would prove nothing with none). */
let settledCount = 0;

async function verdicts(repo: Repo, settled: boolean): Promise<Evaluated[]> {
  const opts = { cwd: repo.dir, env: repo.env };
  const range: RangeSpec = { revisions: ['HEAD'], logOptions: [], description: 'HEAD' };
  const ctx = await loadEvaluationContext({ ...opts, requireKeys: true, scanRange: true, range });
  const settle = settledVerdicts(ctx);
  settledCount = 0;
  const counted: EvaluateOptions['settled'] = (record) => {
    const verdict = settle(record);
    if (verdict) settledCount++;
    return verdict;
  };
  // Small batches: known verdicts wait behind evaluated ones, or stream past them, both ways.
  const options: EvaluateOptions = settled ? { settled: counted, chunkSize: 7 } : { chunkSize: 7 };
  const out: Evaluated[] = [];
  for await (const e of evaluateCommits(readCommits(range.revisions, opts), ctx, options)) out.push(e);
  return out;
}

async function expectSame(repo: Repo): Promise<Evaluated[]> {
  const full = await verdicts(repo, false);
  const fast = await verdicts(repo, true);
  expect(fast.map((e) => e.record.commit)).toEqual(full.map((e) => e.record.commit));
  for (let i = 0; i < full.length; i++) {
    expect(fast[i]!.cached, full[i]!.record.message).toBe(false);
    expect(fast[i]!.verdict, full[i]!.record.message).toEqual(full[i]!.verdict);
  }
  return full;
}

describe('verdicts without evaluating: the same as evaluating', () => {
  const repo = makeRepo(sandbox, 'history');
  history(repo, 'old');

  it('in a repository never set up: unattested commits, proved merges, the octopus, notes and names', async () => {
    const full = await expectSame(repo);
    const results = new Set(full.flatMap((e) => e.verdict.results.map((r) => r.result)));
    expect([...results].sort()).toEqual(['exempt', 'malformed', 'unattested']);
    expect(settledCount).toBeGreaterThan(12);
  });

  it('adopted: before the point and after it, a listed author, trust changes, attested commits', async () => {
    const init = repo.cli(['init', '--yes']);
    expect(init.status, init.stderr).toBe(0);
    const configPath = join(repo.dir, '.ai-attest', 'config.json');
    const written = JSON.parse(readFileSync(configPath, 'utf8')) as { policy: { exempt: { authors: unknown[] } } };
    written.policy.exempt.authors = ['bot@example.com'];
    writeFileSync(configPath, `${JSON.stringify(written, null, 2)}\n`);
    repo.git(['add', '.ai-attest']);
    repo.git(['commit', '-q', '-m', 'Adopt ai-attest'], { env: { AI_ATTEST_TOOLS: 'none' } });
    history(repo, 'new');
    change(repo, 'src/attested.ts', 'a\n', 'Attested change', { AI_ATTEST: '1', AI_ATTEST_TOOLS: 'none' });
    const full = await expectSame(repo);
    const results = new Set(full.flatMap((e) => e.verdict.results.map((r) => r.result)));
    // The 20 commits before adoption, but for the one with a note and the one whose message names ai-attest.
    expect(settledCount).toBe(18);
    for (const r of ['before-adoption', 'missing', 'exempt', 'merge-adds-changes', 'author-unverified', 'ok'])
      expect(results, r).toContain(r);
  });
});
