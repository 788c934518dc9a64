import { AttestError } from '../../errors.js';
import { objectTypes } from '../../git/objects.js';
import type { GitOptions } from '../../git/run.js';
import type { RangeSpec } from '../range.js';
import { TRUST_DIR } from '../trust/files.js';
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
): Promise<RangeSpec & { refs: string[]; peeled: Map<string, string> }> {
  const pushed = updates.filter((u) => !ZERO.test(u.localOid));
  const known = updates.filter((u) => !ZERO.test(u.remoteOid));
  const { peeled, trustDirs } = await peelToCommits([...pushed.map((u) => u.localOid), ...known.map((u) => u.remoteOid)], options);
  const include = [...new Set(pushed.map((u) => peeled.get(u.localOid)).filter((c): c is string => Boolean(c)))];
  const exclude = [...new Set(known.map((u) => peeled.get(u.remoteOid)).filter((c): c is string => Boolean(c)))];
  const refs = pushed.map((u) => u.remoteRef);
  if (include.length === 0) return { revisions: [], logOptions: [], description: 'nothing: the push publishes no commits', refs, peeled };
  return {
    peeled,
    known: { include, trustDirs },
    revisions: [...include, '--not', `--remotes=${remote}`, ...exclude],
    logOptions: [],
    description: `commits pushed to ${remote} (${refs.join(', ')}) that it does not have yet`,
    refs,
  };
}

/**
 * Object ids to the commits they name (missing ones and non-commits left out), and the
 * `.ai-attest` folder at each of those commits (trust's range check asks that next), from one
 * `git cat-file --batch-check`.
 */
async function peelToCommits(
  oids: readonly string[],
  options: GitOptions,
): Promise<{ peeled: Map<string, string>; trustDirs: Map<string, string | null> }> {
  const unique = [...new Set(oids)];
  const peeled = new Map<string, string>();
  const trustDirs = new Map<string, string | null>();
  if (unique.length === 0) return { peeled, trustDirs };
  const named = await objectTypes([...unique.map((o) => `${o}^{commit}`), ...unique.map((o) => `${o}^{commit}:${TRUST_DIR}`)], options);
  unique.forEach((oid, i) => {
    const commit = named[i]!;
    const folder = named[unique.length + i]!;
    if (commit.type !== 'commit') return;
    peeled.set(oid, commit.oid);
    trustDirs.set(commit.oid, folder.type === 'missing' || folder.type === 'ambiguous' ? null : folder.oid);
  });
  return { peeled, trustDirs };
}

/** What `git push` would publish, verified: the pre-push hook and `ai-attest verify --pre-push` share it. */
export async function verifyPush(remote: string, input: string, options: VerifyOptions): Promise<VerifyOutcome & { refs: string[] }> {
  const updates = parsePushLines(input);
  const range = pushRange(remote, updates, options);
  // What the remote already has is trusted, never what the push brings (unless --trust says otherwise).
  const chosen = range.then((r) =>
    pushTrust(
      { remote, remoteOids: updates.map((u) => u.remoteOid), localOids: updates.map((u) => u.localOid), peeled: r.peeled },
      r,
      options,
    ),
  );
  chosen.catch(() => undefined);
  const trust = options.trust ?? chosen;
  const outcome = await verifyRange(range, { ...options, trust });
  return { ...outcome, refs: (await range).refs };
}
