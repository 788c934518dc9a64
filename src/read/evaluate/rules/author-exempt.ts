import type { ExemptAuthor } from '../../../config/types.js';
import type { CommitRecord } from '../../../git/log.js';
import type { GitSignature } from '../../../git/exempt-facts.js';

/**
 * An exempt author (a bot) is exempt only for commits git verifies as signed by a key the policy
 * names for that author: names and emails are whatever the committer typed. A plain string entry
 * (the old form) names no key and never exempts. Pure: null when the author is not listed.
 */
export function authorExemption(
  record: Pick<CommitRecord, 'authorName' | 'authorEmail'>,
  authors: readonly ExemptAuthor[],
  signature: GitSignature | undefined,
): { exempt: true; reason: string } | { exempt: false; why: string } | null {
  const who = [record.authorEmail.toLowerCase(), record.authorName.toLowerCase()];
  const listed = authors.filter((a) => who.includes((typeof a === 'string' ? a : a.author).toLowerCase()));
  if (listed.length === 0) return null;
  const keys = listed.flatMap((a) => (typeof a === 'string' ? [] : a.signingKeys)).map(normalizeKey);
  const person = `${record.authorName} <${record.authorEmail}>`;
  if (keys.length === 0)
    return {
      exempt: false,
      why: `author ${person} is listed in policy.exempt.authors without signingKeys: a name or email alone never exempts`,
    };
  if (!signature || !['G', 'U'].includes(signature.status)) {
    return {
      exempt: false,
      why:
        `author ${person} is exempt only for commits signed by ${keys.join(', ')}, and git ` +
        (signature
          ? `reports the commit's signature as "${signature.status}" (${SIGNATURE_STATUS[signature.status] ?? 'not good'})`
          : 'found no signature'),
    };
  }
  const signedBy = [signature.fingerprint, signature.primary].filter(Boolean).map(normalizeKey);
  if (!signedBy.some((k) => keys.includes(k))) {
    return {
      exempt: false,
      why:
        `author ${person} is exempt only for commits signed by ${keys.join(', ')}, but this one is ` +
        `signed by ${signedBy.join(', ') || 'an unnamed key'}`,
    };
  }
  return { exempt: true, reason: `author ${person} is exempt, and git verifies the commit's signature by ${signedBy[0]}` };
}

function normalizeKey(key: string): string {
  return key.startsWith('SHA256:') ? key : key.replace(/\s+/g, '').toUpperCase();
}

const SIGNATURE_STATUS: Record<string, string> = {
  B: 'a bad signature',
  X: 'a good signature that has expired',
  Y: 'made by a key that has expired',
  R: 'made by a revoked key',
  E: 'it cannot be checked: the key is missing here',
  N: 'no signature',
};
