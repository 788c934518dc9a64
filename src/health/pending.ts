import { readCommits } from '../git/log.js';
import { hasRemoteTrackingBranches, headUpstream } from '../git/refs.js';
import { resolveCommit, type RepoPaths } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';
import { evaluateCommits, loadEvaluationContext } from '../read/evaluate.js';
import { needsReattestation } from '../core/marker.js';
import { candidatesOf, chooseStatement } from '../rewrite/statements.js';

export interface PendingCommit {
  commit: string;
  subject: string;
  /** missing: never attested; undeclared: committed without answers; needs-reattestation: a rewrite could not carry its answers. */
  reason: 'missing' | 'undeclared' | 'needs-reattestation';
  message: string;
  fix: string;
}

export interface Pending {
  range: string;
  commits: PendingCommit[];
  /** The walk stopped at `limit` commits. */
  truncated: boolean;
}

const LIMIT = 1000;

/**
 * Commits of this branch not yet on the remote whose verdict (the same evaluation verify uses)
 * says they still wait for `ai-attest attest`. Exempt commits are not listed.
 */
export async function pendingAttestations(options: GitOptions & { paths: RepoPaths }): Promise<Pending> {
  const range = await unpushedRange(options);
  if (!range) return { range: 'nothing: HEAD has no commits yet', commits: [], truncated: false };
  const ctx = await loadEvaluationContext({ cwd: options.cwd, env: options.env ?? process.env, paths: options.paths });
  const commits: PendingCommit[] = [];
  let seen = 0;
  const records = readCommits(range.revisions, { cwd: options.cwd, env: options.env, logOptions: [`--max-count=${LIMIT}`] });
  for await (const { record, verdict } of evaluateCommits(records, ctx)) {
    seen++;
    const presence = verdict.results.find(
      (r) =>
        r.check === 'presence' &&
        (r.result === 'missing' || r.result === 'undeclared' || r.result === 'needs-reattestation') &&
        r.level !== 'pass',
    );
    if (!presence) continue;
    const subject = record.message.split('\n', 1)[0] ?? '';
    const fix = presence.fix ?? `ai-attest attest ${record.commit.slice(0, 12)}`;
    const { candidates } = candidatesOf(record);
    const own = chooseStatement(
      candidates,
      { commit: record.commit, tree: record.tree, parents: record.parents, patchId: null },
      ctx.keyring,
    ).chosen;
    const marker = own?.match === 'exact' ? needsReattestation(own.candidate.predicate) : null;
    if (marker) commits.push({ commit: record.commit, subject, reason: 'needs-reattestation', message: marker.reason, fix });
    else
      commits.push({ commit: record.commit, subject, reason: presence.result as 'missing' | 'undeclared', message: presence.message, fix });
  }
  return { range: range.description, commits, truncated: seen >= LIMIT };
}

async function unpushedRange(options: GitOptions): Promise<{ revisions: string[]; description: string } | null> {
  const [head, up, fetched] = await Promise.all([
    resolveCommit('HEAD', options),
    headUpstream(options),
    hasRemoteTrackingBranches(options),
  ]);
  if (!head) return null;
  if (up) return { revisions: [`${up}..HEAD`], description: `HEAD's commits not on ${up}` };
  if (fetched) return { revisions: ['HEAD', '--not', '--remotes'], description: "HEAD's commits not on any remote-tracking branch" };
  return { revisions: ['HEAD'], description: `HEAD's history (nothing fetched from a remote yet; the last ${LIMIT} commits at most)` };
}
