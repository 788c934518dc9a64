import { AttestError } from '../../errors.js';
import { objectTypes } from '../../git/objects.js';
import type { GitOptions } from '../../git/run.js';
import type { RangeSpec } from '../range.js';
import { pushTrust } from '../trust/revision.js';
import { verifyRange, type VerifyOptions, type VerifyOutcome } from './verify.js';

/** One line git gives a pre-push hook: `<local ref> <local oid> <remote ref> <remote oid>`. */
export interface PushUpdate {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

const ZERO = /^0+$/;

export function parsePushLines(text: string): PushUpdate[] {
  const updates: PushUpdate[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [localRef, localOid, remoteRef, remoteOid, ...rest] = line.trim().split(/\s+/);
    if (!localRef || !localOid || !remoteRef || !remoteOid || rest.length) {
      throw new AttestError(
        `unexpected pre-push input line "${line}": expected "<local ref> <local oid> <remote ref> <remote oid>" as git gives it.`,
      );
    }
    updates.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return updates;
}

/**
 * The commits a push publishes that the remote does not have: everything reachable from the
 * pushed commits, minus the remote's tracking branches and the commits the remote's refs point
 * at now (when we have them: after a force push or a push elsewhere we may not). A deletion
 * publishes nothing; a tag is peeled to its commit, and a tag of a tree or blob has no commits.
 */
export async function pushRange(
  remote: string,
  updates: readonly PushUpdate[],
  options: GitOptions,
): Promise<RangeSpec & { refs: string[] }> {
  const pushed = updates.filter((u) => !ZERO.test(u.localOid));
  const known = updates.filter((u) => !ZERO.test(u.remoteOid));
  const peeled = await peelToCommits([...pushed.map((u) => u.localOid), ...known.map((u) => u.remoteOid)], options);
  const include = [...new Set(pushed.map((u) => peeled.get(u.localOid)).filter((c): c is string => Boolean(c)))];
  const exclude = [...new Set(known.map((u) => peeled.get(u.remoteOid)).filter((c): c is string => Boolean(c)))];
  const refs = pushed.map((u) => u.remoteRef);
  if (include.length === 0) return { revisions: [], logOptions: [], description: 'nothing: the push publishes no commits', refs };
  return {
    revisions: [...include, '--not', `--remotes=${remote}`, ...exclude],
    logOptions: [],
    description: `commits pushed to ${remote} (${refs.join(', ')}) that it does not have yet`,
    refs,
  };
}

/** Object ids to the commits they name, from one `git cat-file --batch-check`; missing and non-commits are left out. */
async function peelToCommits(oids: readonly string[], options: GitOptions): Promise<Map<string, string>> {
  const unique = [...new Set(oids)];
  const result = new Map<string, string>();
  if (unique.length === 0) return result;
  const named = await objectTypes(
    unique.map((o) => `${o}^{commit}`),
    options,
  );
  named.forEach((object, i) => {
    if (object.type === 'commit') result.set(unique[i]!, object.oid);
  });
  return result;
}

/** What `git push` would publish, verified: the pre-push hook and `ai-attest verify --pre-push` share it. */
export async function verifyPush(remote: string, input: string, options: VerifyOptions): Promise<VerifyOutcome & { refs: string[] }> {
  const updates = parsePushLines(input);
  const range = pushRange(remote, updates, options);
  // What the remote already has is trusted, never what the push brings (unless --trust says otherwise).
  const chosen = range.then((r) =>
    pushTrust({ remote, remoteOids: updates.map((u) => u.remoteOid), localOids: updates.map((u) => u.localOid) }, r, options),
  );
  chosen.catch(() => undefined);
  const trust = options.trust ?? chosen;
  const outcome = await verifyRange(range, { ...options, trust });
  return { ...outcome, refs: (await range).refs };
}
