import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultDetailPolicy } from '../config/defaults.js';
import type { DetailPolicy } from '../config/types.js';
import type { Answers } from '../core/model.js';
import { readBufferedParts, removeBufferedParts, writePendingRecord } from './buffer.js';
import { DETAIL_EXTENSION, NOT_INSTRUMENTED, RECIPIENT_KEY_FILE, requiredBecause, type DetailUnavailable } from './policy.js';
import { buildRecord, recordDigest, recordNote } from './record.js';

export interface CommitDetail {
  /** The answers to sign: with the "required, unavailable" extension where that applies. */
  answers: Answers;
  /** The digest to bind into the predicate, when a record is filed with this commit. */
  sha256: string | null;
}

/**
 * commit-msg's part of the detail tier, kept lean (no secretlint, no openpgp.js: the parts were
 * sealed when the agents' turns ended). Picks the sealed parts that wrote staged files, decides
 * with the policy whether this commit keeps a record, leaves the record for post-commit beside
 * the pending note, and returns what the statement must say. Parts of this commit that the
 * policy does not keep are deleted: a record exists only where policy asks for one.
 */
export async function detailForCommit(input: {
  gitDir: string;
  /** The work tree's top: whether the repository has adopted the detail tier (recipients there). */
  top: string | null;
  tree: string;
  files: readonly string[];
  answers: Answers;
  policy: DetailPolicy | undefined;
}): Promise<CommitDetail> {
  const policy = input.policy ?? defaultDetailPolicy();
  const staged = new Set(input.files);
  const parts = (await readBufferedParts(input.gitDir)).filter((p) => p.files.some((f) => staged.has(f)));
  const lines = parts.reduce((n, p) => n + p.outputLines, 0);
  const because = parts.length || (await tierAdopted(policy, input.top)) ? requiredBecause(policy, input.answers, lines) : [];
  if (because.length === 0) {
    if (parts.length)
      await removeBufferedParts(
        input.gitDir,
        parts.map((p) => p.id),
      );
    return { answers: input.answers, sha256: null };
  }
  if (parts.length === 0) {
    const unavailable: DetailUnavailable = { required: true, available: false, reason: NOT_INSTRUMENTED, because };
    return { answers: { ...input.answers, extensions: { ...input.answers.extensions, [DETAIL_EXTENSION]: unavailable } }, sha256: null };
  }
  const record = buildRecord(parts);
  await writePendingRecord(input.gitDir, input.tree, recordNote(record));
  await removeBufferedParts(
    input.gitDir,
    parts.map((p) => p.id),
  );
  return { answers: input.answers, sha256: recordDigest(record) };
}

/**
 * A repository without compliance recipients has not adopted the detail tier: nothing could be
 * sealed, so its commits are not marked "required, unavailable" (unless `when` is `always`, an
 * explicit choice). A directory listing, not git: this runs inside commit-msg.
 */
async function tierAdopted(policy: DetailPolicy, top: string | null): Promise<boolean> {
  if (policy.when === 'always') return true;
  if (!top) return false;
  const names = await readdir(join(top, policy.recipients)).catch(() => [] as string[]);
  return names.some((n) => RECIPIENT_KEY_FILE.test(n));
}
