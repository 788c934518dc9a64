import { AttestError, KeyError } from '../errors.js';
import { changedLineIds, commitPatchIds } from '../git/patch-id.js';
import { collectCommitsById } from '../git/log.js';
import { nonMergeCommitsOldestFirst } from '../git/ranges.js';
import { resolveCommit } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';
import { carryAttestations, type CarryReport } from './carry.js';
import { loadRewriteContext } from './context.js';
import { pairRebased, type Pairing } from './pair.js';
import type { RewriteGroup } from './rewrite-list.js';

export interface CarryCommandReport extends CarryReport {
  schema: 'ai-attest/carry@1';
  mode: 'squash' | 'rebase';
  unmatchedOld: string[];
  unmatchedNew: string[];
}

/**
 * Carries attestations across a rewrite no hook saw: a server-side squash merge (NEW is one
 * commit: every old commit is merged into it) or rebase merge (NEW is a range: commits are
 * paired by their change). OLD: a range (`A..B`), a commit, or commits separated by commas.
 */
export async function carryServerSide(
  oldSpec: string,
  newSpec: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CarryCommandReport> {
  const opts = { cwd: options.cwd, env: options.env };
  const ctx = await loadRewriteContext(opts);
  if (!ctx.signer) {
    throw new KeyError(
      `${ctx.signerProblem ?? 'no signing key'} A carry statement must be signed: import the key ` +
        `that may carry here (\`ai-attest keys import\`, e.g. a CI key whose public key is in ` +
        `.ai-attest/keys/).`,
    );
  }
  const olds = await commitsOf(oldSpec, opts);
  if (olds.length === 0)
    throw new AttestError(
      `"${oldSpec}" names no commits: give the old commits as a range (BASE..OLD_TIP), a commit, or commits separated by commas.`,
    );
  const news = await commitsOf(newSpec, opts);
  if (news.length === 0) throw new AttestError(`"${newSpec}" names no commits.`);
  const rebase = isRange(newSpec);
  const pairing: Pairing = rebase
    ? await pair(olds, news, opts)
    : { groups: news.map((n): RewriteGroup => ({ newCommit: n, olds })), unmatchedOld: [], unmatchedNew: [] };
  if (!rebase && news.length !== 1)
    throw new AttestError(`"${newSpec}" names ${news.length} commits: give one commit (a squash merge) or a range (a rebase merge).`);
  const report = await carryAttestations(ctx, { groups: pairing.groups, kind: 'carry', interactive: true });
  return {
    schema: 'ai-attest/carry@1',
    mode: rebase ? 'rebase' : 'squash',
    ...report,
    unmatchedOld: pairing.unmatchedOld,
    unmatchedNew: pairing.unmatchedNew,
  };
}

function isRange(spec: string): boolean {
  return spec.includes('..') || spec.startsWith('^');
}

/** Commits oldest first. */
async function commitsOf(spec: string, opts: GitOptions): Promise<string[]> {
  if (isRange(spec)) return nonMergeCommitsOldestFirst(spec.split(/\s+/).filter(Boolean), opts);
  const out: string[] = [];
  for (const rev of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const id = await resolveCommit(rev, opts);
    if (id === null)
      throw new AttestError(
        `no commit named "${rev}": fetch it first (e.g. \`git fetch origin pull/N/head\` for a pull request's commits).`,
      );
    out.push(id);
  }
  return out;
}

/** Old and new commits paired by their change: patch-id, then changed lines, then subject. */
async function pair(olds: string[], news: string[], opts: GitOptions): Promise<Pairing> {
  const records = await collectCommitsById([...olds, ...news], opts);
  const byId = new Map(records.map((r) => [r.commit, r]));
  const [patchIds, changeIds] = await Promise.all([
    commitPatchIds(
      records.map((r) => ({ commit: r.commit, base: r.parents[0] ?? null })),
      opts,
    ),
    changedLineIds(
      records.map((r) => r.commit),
      opts,
    ),
  ]);
  const input = (c: string) => ({
    commit: c,
    patchId: patchIds.get(c) ?? '',
    changeId: changeIds.get(c) ?? '',
    subject: byId.get(c)?.message.split('\n', 1)[0] ?? '',
  });
  return pairRebased(olds.map(input), news.map(input));
}
