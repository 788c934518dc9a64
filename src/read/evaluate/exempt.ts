import type { Policy } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import { ancestorsOf, commitExists, rangeCommitsAfter, type GitSignature } from '../../git/exempt-facts.js';
import type { CommitRecord } from '../../git/log.js';
import type { GitOptions } from '../../git/run.js';
import { adoptionPoint } from './rules/adoption-point.js';
import { authorExemption } from './rules/author-exempt.js';
import { mergeExemption } from './rules/merge-exempt.js';

/** What git computed for the exemptions of a batch of commits (see evaluate.ts). */
export interface ExemptFacts {
  /** git's own merge of a merge's two parents: its tree, or null on conflicts. */
  merged?: ReadonlyMap<string, string | null>;
  /** git's verdict on a commit's own (GnuPG or SSH) signature. */
  signatures?: ReadonlyMap<string, GitSignature>;
}

export type Exemption =
  | { exempt: true; result: 'exempt' | 'before-adoption'; reason: string }
  | { exempt: false; result: 'merge-adds-changes' | 'author-unverified'; why: string };

/** The commits a policy does not require an attestation of, each exemption proven. */
export interface ExemptRule {
  /** The commit is the adoption point or one of its ancestors (`policy.exempt.before`). */
  beforeAdoption(commit: string): boolean;
  /** The record's author is listed in `policy.exempt.authors`: git must check its signature. */
  listsAuthor(record: CommitRecord): boolean;
  /** Whether the record needs no attestation, or why a claimed exemption does not hold; null: no exemption applies. */
  exemption(record: CommitRecord, facts: ExemptFacts): Exemption | null;
  /** What the rule was resolved against (the adoption point), for cache keys. */
  anchor: string;
}

/**
 * `exempt.before` is the adoption point's full commit id: it and its ancestors are before
 * adoption. With the range known (or, for trace, the revision its commits are reachable from),
 * one `rev-list RANGE ^POINT` tells the commits after it, so a push of one commit never walks the
 * old history; without one (show, report), the point's ancestors are listed once.
 */
export async function exemptRule(
  exempt: Policy['exempt'],
  options: GitOptions,
  range?: { readonly revisions: readonly string[]; readonly logOptions: readonly string[] },
): Promise<ExemptRule> {
  const point = adoptionPoint(exempt.before);
  let beforeAdoption: (commit: string) => boolean = () => false;
  if (point) {
    const missing = () =>
      new ConfigError(
        `policy.exempt.before in .ai-attest/config.json names commit ${point}, which is not here: ` +
          `fetch the full history (\`git fetch --unshallow\`, or fetch-depth: 0 in CI).`,
      );
    if (range && range.revisions.length) {
      // rev-list refuses a boundary that is not a commit here: only then is it asked why (one process, not two, per push).
      const after = await rangeCommitsAfter(range.revisions, range.logOptions, point, options).catch(async (error: unknown) => {
        throw (await commitExists(point, options)) ? error : missing();
      });
      beforeAdoption = (commit) => !after.has(commit);
    } else {
      if (!(await commitExists(point, options))) throw missing();
      const ancestors = await ancestorsOf(point, options);
      beforeAdoption = (commit) => ancestors.has(commit);
    }
  }
  const authors = new Set(exempt.authors.map((a) => (typeof a === 'string' ? a : a.author).toLowerCase()));
  return {
    anchor: point ? `rev:${point}` : '',
    beforeAdoption,
    listsAuthor: (r) => authors.has(r.authorEmail.toLowerCase()) || authors.has(r.authorName.toLowerCase()),
    exemption(record, facts) {
      if (beforeAdoption(record.commit))
        return {
          exempt: true,
          result: 'before-adoption',
          reason: `before adoption: ${point!.slice(0, 12)} (policy.exempt.before) or one of its ancestors`,
        };
      const merge = exempt.merges ? mergeExemption(record, facts.merged?.get(record.commit)) : null;
      const author = authorExemption(record, exempt.authors, facts.signatures?.get(record.commit));
      if (merge?.exempt) return { exempt: true, result: 'exempt', reason: merge.reason };
      if (author?.exempt) return { exempt: true, result: 'exempt', reason: author.reason };
      if (merge) return { exempt: false, result: 'merge-adds-changes', why: merge.why };
      if (author) return { exempt: false, result: 'author-unverified', why: author.why };
      return null;
    },
  };
}
