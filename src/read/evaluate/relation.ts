import { parseUserId } from '../../core/attest.js';
import type { Predicate } from '../../core/model.js';
import type { CommitRecord } from '../../git/log.js';
import type { Relation } from './types.js';

/** The statement was made for this tree on these parents (whatever the message says). */
export function sameChange(predicate: Predicate, record: Pick<CommitRecord, 'tree' | 'parents'>): boolean {
  const { tree, parents } = predicate.binding;
  if (tree !== record.tree || parents.length !== record.parents.length) return false;
  // A loop, not every(): asked several times for every commit of a range, in baseline code (src/read/compiler.ts).
  for (let i = 0; i < parents.length; i++) if (parents[i] !== record.parents[i]) return false;
  return true;
}

/**
 * exact: made for this commit (tree and parents, and the commit id when the statement names one);
 * carried: the same change on other parents (rebase, cherry-pick: equal patch-id) or under another
 * message (reword); none: a statement of some other change.
 */
export function relationOf(predicate: Predicate, record: CommitRecord, patchId: string | undefined): Relation {
  if (sameChange(predicate, record)) return !predicate.binding.commit || predicate.binding.commit === record.commit ? 'exact' : 'carried';
  // An empty change has an empty patch-id: every empty commit would match every other.
  if (predicate.binding.patchId && patchId && predicate.binding.patchId === patchId) return 'carried';
  return 'none';
}

export interface IdentityOutcome {
  ok: boolean;
  message: string;
  keyEmails: string[];
}

/**
 * The key must belong to the attester the statement names, and that person must be the commit
 * author or one of the key emails `policy.identities` accepts for the author. A carry statement
 * is signed by whoever rewrote the commit: the committer (a rebase of a colleague's commits) or
 * a carrier identity the policy names (CI carrying a server-side squash) is accepted for it.
 */
export function identityOf(
  predicate: Predicate,
  userIds: readonly string[],
  record: CommitRecord,
  identities: Record<string, string[]>,
  carriers: readonly string[] = [],
): IdentityOutcome {
  const keyEmails = emailsOf(userIds);
  const attester = predicate.attester.email.toLowerCase();
  const author = record.authorEmail.toLowerCase();
  if (!keyEmails.includes(attester)) {
    return {
      ok: false,
      keyEmails,
      message:
        `the statement names attester <${predicate.attester.email}>, but key ` +
        `${predicate.attester.key} belongs to ${userIds.join(', ') || 'no user id'}`,
    };
  }
  const accepted = new Set([author]);
  for (const [email, mapped] of Object.entries(identities)) {
    if (email.toLowerCase() === author) for (const m of mapped) accepted.add(m.toLowerCase());
  }
  if (!keyEmails.some((e) => accepted.has(e))) {
    if (predicate.source === 'carry') {
      const committer = record.committerEmail.toLowerCase();
      if (keyEmails.includes(committer)) {
        return { ok: true, keyEmails, message: `the carry statement is signed by the commit's committer <${committer}>, who rewrote it` };
      }
      const carrier = keyEmails.find((e) => carriers.some((c) => c.toLowerCase() === e));
      if (carrier)
        return { ok: true, keyEmails, message: `the carry statement is signed by <${carrier}>, a carrier identity in policy.carriers` };
    }
    return {
      ok: false,
      keyEmails,
      message:
        `signed by <${keyEmails.join('>, <')}>, but the commit author is <${record.authorEmail}> ` +
        `and policy.identities maps no key email to it` +
        (predicate.source === 'carry'
          ? `; a carry statement is also accepted from the committer <${record.committerEmail}> or an email in policy.carriers`
          : ''),
    };
  }
  return {
    ok: true,
    keyEmails,
    message:
      `the signer <${attester}> ` +
      `${attester === author ? 'is the commit author' : `is accepted for the author <${record.authorEmail}> by policy.identities`}`,
  };
}

const emails = new Map<string, string[]>();

/** Every commit of a range is signed by one of a few keys: their emails are parsed once. */
function emailsOf(userIds: readonly string[]): string[] {
  const key = userIds.join('\n');
  let found = emails.get(key);
  if (!found) emails.set(key, (found = userIds.map((u) => parseUserId(u).email.toLowerCase()).filter(Boolean)));
  return found;
}
