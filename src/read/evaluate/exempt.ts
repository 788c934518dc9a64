import type { Policy } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { CommitRecord } from '../../git/log.js';
import { resolveCommit } from '../../git/repo.js';
import { git, type GitOptions } from '../../git/run.js';

/** The commits a policy does not require an attestation of. */
export interface ExemptRule {
  /** Why `record` needs no attestation, or null when it does. */
  reason(record: CommitRecord): string | null;
  /** What the rule was resolved against (the start revision's commit id), for cache keys. */
  anchor: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `exempt.before` is a date (ISO 8601) or a revision. A date is compared with the committer
 * date (when the commit entered this history; the author date survives rebases). A revision
 * exempts it and everything reachable from it: the history from before ai-attest was adopted.
 */
export async function exemptRule(exempt: Policy['exempt'], options: GitOptions): Promise<ExemptRule> {
  const authors = new Set(exempt.authors.map((a) => a.toLowerCase()));
  let beforeTime: number | null = null;
  let beforeCommits: Set<string> | null = null;
  let anchor = '';
  const before = exempt.before?.trim();
  if (before) {
    if (DATE.test(before) && Number.isFinite(Date.parse(before))) {
      beforeTime = Date.parse(before) / 1000;
      anchor = `date:${beforeTime}`;
    } else {
      const commit = await resolveCommit(before, options);
      if (!commit) {
        throw new ConfigError(
          `policy.exempt.before in .ai-attest/config.json names "${before}", which is not a commit here: fetch it (e.g. \`git fetch --tags\`), or give a commit id or an ISO date.`,
        );
      }
      const out = await git(['rev-list', commit], options);
      beforeCommits = new Set(out.split('\n').filter(Boolean));
      anchor = `rev:${commit}`;
    }
  }
  return {
    anchor,
    reason(record) {
      if (exempt.merges && record.parents.length > 1) return 'merge commit';
      if (authors.has(record.authorEmail.toLowerCase()) || authors.has(record.authorName.toLowerCase())) {
        return `author ${record.authorName} <${record.authorEmail}> is exempt`;
      }
      if (beforeTime !== null && record.committerTime < beforeTime) return `committed before ${before}`;
      if (beforeCommits?.has(record.commit)) return `part of the history up to ${before}`;
      return null;
    },
  };
}
