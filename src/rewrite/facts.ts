import { AttestError } from '../errors.js';
import type { Keyring } from '../crypto/keyring.js';
import { collectCommitsById, type CommitRecord } from '../git/log.js';
import { changedLineCounts, changedLineIds, commitPatchIds } from '../git/patch-id.js';
import { objectTypes } from '../git/objects.js';
import type { GitOptions } from '../git/run.js';

import { candidatesOf, chooseStatement, type Candidate, type Chosen } from './statements.js';

/** What the carry decision needs to know about one commit, read for all commits at once. */
export interface CommitFacts {
  record: CommitRecord;
  patchId: string;
  /** Zero-context patch-id (see changedLineIds in src/git/patch-id.ts). */
  changeId: string;
  /** Lines added plus deleted. */
  lines: number;
  candidates: Candidate[];
  /** Note lines that are not statements we can read: kept as they are. */
  otherLines: string[];
  chosen: Chosen | null;
  problems: string[];
}

/** One batched git call per kind of fact (log, patch-ids, zero-context ids, line counts), never one per commit. */
export async function readFacts(commits: readonly string[], keyring: Keyring, options: GitOptions): Promise<Map<string, CommitFacts>> {
  const unique = [...new Set(commits)];
  await requirePresent(unique, options);
  const records = await collectCommitsById(unique, { cwd: options.cwd, env: options.env, git: options.git });
  const requests = records.map((r) => ({ commit: r.commit, base: r.parents[0] ?? null }));
  const [patchIds, changeIds, lines] = await Promise.all([
    commitPatchIds(requests, options),
    changedLineIds(unique, options),
    changedLineCounts(unique, options),
  ]);
  const facts = new Map<string, CommitFacts>();
  for (const record of records) {
    const patchId = patchIds.get(record.commit) ?? '';
    const { candidates, otherLines } = candidatesOf(record);
    const { chosen, problems } = chooseStatement(
      candidates,
      { commit: record.commit, tree: record.tree, parents: record.parents, patchId },
      keyring,
    );
    facts.set(record.commit, {
      record,
      patchId,
      changeId: changeIds.get(record.commit) ?? '',
      lines: lines.get(record.commit) ?? 0,
      candidates,
      otherLines,
      chosen,
      problems,
    });
  }
  return facts;
}

async function requirePresent(commits: readonly string[], options: GitOptions): Promise<void> {
  const missing = (await objectTypes(commits, options)).filter((o) => o.type !== 'commit').map((o) => o.oid);
  if (missing.length) {
    throw new AttestError(
      `${missing.length === 1 ? 'commit' : 'commits'} ` +
        `${missing.map((m) => m?.slice(0, 12)).join(', ')} not found in this repository: fetch them ` +
        `first (e.g. \`git fetch origin pull/N/head\` for a pull request's commits).`,
    );
  }
}
