import { createHash } from 'node:crypto';
import { defaultDetailPolicy } from '../config/defaults.js';
import type { DetailPolicy } from '../config/types.js';
import { resolveCommit } from '../git/repo.js';
import type { GitOptions } from '../git/run.js';
import { readTreeFolder } from '../git/tree-files.js';
import type { RangeSpec } from '../read/range.js';
import { remoteDefaultBase, upstreamTrust, type TrustRevision } from '../read/trust/revision.js';
import { parseRecipientKeys, type Recipient } from './crypt.js';
import { keyIdsOfFiles } from './key-ids.js';
import { RECIPIENT_KEY_FILE } from './policy.js';
import { committedDetailPolicy } from './recipients.js';
import { headRef, writeDetailTrustState, type DetailTrustState } from './trust-state.js';

/**
 * Who may read prompts and raw output is a trust decision, so the detail tier takes its policy
 * and recipients from a trust revision, never from the branch being worked on: a branch (or an
 * agent working on one) that commits its own recipient key, or edits the recipients folder or
 * `developerReads`, must not get the next prompts sealed to itself. Such a change is reported,
 * not applied, until it is on the trust revision.
 *
 * The trust revision is verify's (docs/verify.md "Trust model"), with one difference in order:
 * the merge-base with the remote's default branch comes first, the upstream's second. Verify
 * has a later gate (CI with `--trust BASE`); sealing has none: what is sealed to a key is
 * disclosed to it. So it trusts what CI trusts, the base branch, whenever one is known.
 */
export async function detailTrustRevision(options: GitOptions, gitDir: string): Promise<TrustRevision> {
  const base = await remoteDefaultBase('origin', 'HEAD', options);
  if (base) return base;
  const head: RangeSpec = { revisions: ['HEAD'], logOptions: [], description: 'HEAD' };
  return upstreamTrust(head, options, gitDir);
}

interface DetailSide {
  policy: DetailPolicy;
  files: Array<{ path: string; content: Buffer }>;
}

async function detailSideAt(rev: string, options: GitOptions): Promise<DetailSide> {
  const policy = await committedDetailPolicy({ ...options, rev });
  const files = (await readTreeFolder(rev, policy.recipients, options)).filter((f) => RECIPIENT_KEY_FILE.test(f.path));
  return { policy, files };
}

export interface DetailTrust {
  state: DetailTrustState;
  recipients: Recipient[];
}

/**
 * Resolves the trust revision, reads its detail policy and recipients (git objects), parses the
 * keys, compares HEAD's, and leaves the result for commit-msg (src/detail/trust-state.ts).
 */
export async function resolveDetailTrust(options: GitOptions & { gitDir: string }): Promise<DetailTrust> {
  const git: GitOptions = { cwd: options.cwd, env: options.env, git: options.git };
  const branch = await headRef(options.gitDir);
  const trust = await detailTrustRevision(git, options.gitDir);
  const trusted: DetailSide = trust.commit ? await detailSideAt(trust.commit, git) : { policy: defaultDetailPolicy(), files: [] };
  const head = await resolveCommit('HEAD', git);
  let changes: string[] = [];
  if (head && head !== trust.commit) {
    try {
      changes = describeChanges(trusted, await detailSideAt(head, git));
    } catch (error) {
      // HEAD's own config does not validate: nothing of it is applied anyway.
      changes = [`HEAD's ${(error as Error).message.split('\n')[0]}`];
    }
  }
  const recipients = trusted.files.length ? await parseRecipientKeys(trusted.files) : [];
  const state: DetailTrustState = {
    version: 1,
    trust: { commit: trust.commit, kind: trust.kind, description: trust.description },
    policy: trusted.policy,
    recipients: recipients.map((r) => r.fingerprint),
    changes,
    head: branch,
  };
  await writeDetailTrustState(options.gitDir, state);
  return { state, recipients };
}

const POLICY_FIELDS = ['when', 'sensitivePaths', 'aiLinesOver', 'recipients', 'developerReads'] as const;

/** One line per change HEAD makes to the trusted recipients and detail policy. */
export function describeChanges(trusted: DetailSide, head: DetailSide): string[] {
  const lines: string[] = [];
  for (const field of POLICY_FIELDS) {
    if (trusted.policy[field] !== head.policy[field])
      lines.push(`detail.${field} ${JSON.stringify(trusted.policy[field])} -> ${JSON.stringify(head.policy[field])}`);
  }
  const digest = (f: { content: Buffer }) => createHash('sha256').update(f.content).digest('hex');
  const before = new Map(trusted.files.map((f) => [f.path, digest(f)]));
  const after = new Map(head.files.map((f) => [f.path, digest(f)]));
  const keysOf = (f: { content: Buffer }) => [...new Set(keyIdsOfFiles([f]).values())].join(', ') || 'not a readable key';
  for (const f of head.files) {
    if (!before.has(f.path)) lines.push(`adds recipient ${f.path} (${keysOf(f)})`);
    else if (before.get(f.path) !== after.get(f.path)) lines.push(`changes recipient ${f.path} (${keysOf(f)})`);
  }
  for (const f of trusted.files) if (!after.has(f.path)) lines.push(`removes recipient ${f.path}`);
  return lines;
}
