import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultDetailPolicy } from '../config/defaults.js';
import type { DetailPolicy } from '../config/types.js';
import type { Answers } from '../core/model.js';
import type { GitOptions } from '../git/run.js';
import { aiAttributedLines, stagedLineCount, type CapturedLines } from './ai-lines.js';
import { readBufferedParts, removeBufferedParts, writePendingRecord } from './buffer.js';
import type { BufferedPart } from './types.js';
import { DETAIL_EXTENSION, NOT_INSTRUMENTED, RECIPIENT_KEY_FILE, requiredBecause, type DetailUnavailable } from './policy.js';
import { buildRecord, recordDigest, recordNote } from './record.js';
import { headRef, readDetailTrustState, trustChangeWarning } from './trust-state.js';

export interface CommitDetail {
  /** The answers to sign: with the "required, unavailable" extension where that applies. */
  answers: Answers;
  /** The digest to bind into the predicate, when a record is filed with this commit. */
  sha256: string | null;
  /** For the committer: a branch's change to the detail tier's trust, reported and not applied. */
  warnings: string[];
}

/**
 * commit-msg's part of the detail tier, kept lean (no secretlint, no openpgp.js: the parts were
 * sealed when the agents' turns ended). Picks the sealed parts that wrote staged files, decides
 * with the policy whether this commit keeps a record, leaves the record for post-commit beside
 * the pending note, and returns what the statement must say. Parts of this commit that the
 * policy does not keep are deleted: a record exists only where policy asks for one.
 *
 * The policy is the trust revision's, as the sealer last resolved it (src/detail/trust.ts: git
 * reads belong there, not here). Before any sealer ran in this clone there are no parts, and the
 * given policy (the work tree's config) only decides whether the statement says "required,
 * unavailable".
 */
export async function detailForCommit(input: {
  gitDir: string;
  /** The work tree's top: whether the repository has adopted the detail tier (recipients there). */
  top: string | null;
  tree: string;
  files: readonly string[];
  answers: Answers;
  policy: DetailPolicy | undefined;
  /** The commit's first parent (or the empty tree): the staged diff is against it. */
  base: string;
  /** The capture pre-fill's entries (matched lines), or null without capture. */
  captured: readonly CapturedLines[] | null;
  git: GitOptions;
}): Promise<CommitDetail> {
  const trust = await readDetailTrustState(input.gitDir);
  const policy = trust?.policy ?? input.policy ?? defaultDetailPolicy();
  const warning = trust?.changes.length ? trustChangeWarning(trust, await headRef(input.gitDir)) : null;
  const warnings = warning ? [warning] : [];
  const staged = new Set(input.files);
  const parts = partsOfCommit(await readBufferedParts(input.gitDir), staged);
  const adopted = policy.when === 'always' || (trust ? trust.recipients.length > 0 : await tierAdopted(policy, input.top));
  const applies = parts.length > 0 || adopted;
  let because = applies ? requiredBecause(policy, input.answers, 0) : [];
  // The size is counted only where it decides: nothing else requires a record yet, and the policy
  // has a threshold. Without capture line data that costs a git call, kept off other commits.
  if (applies && because.length === 0 && input.answers.ai === 'used' && policy.when === 'policy' && policy.aiLinesOver !== null) {
    const size = await aiAttributedLines({
      answers: input.answers,
      captured: input.captured,
      stagedLines: () => stagedLineCount(input.base, input.git),
    });
    because = requiredBecause(policy, input.answers, size.lines);
  }
  if (because.length === 0) {
    if (parts.length)
      await removeBufferedParts(
        input.gitDir,
        parts.map((p) => p.id),
      );
    return { answers: input.answers, sha256: null, warnings };
  }
  if (parts.length === 0) {
    const unavailable: DetailUnavailable = { required: true, available: false, reason: NOT_INSTRUMENTED, because };
    return {
      answers: { ...input.answers, extensions: { ...input.answers.extensions, [DETAIL_EXTENSION]: unavailable } },
      sha256: null,
      warnings,
    };
  }
  const record = buildRecord(parts);
  await writePendingRecord(input.gitDir, input.tree, recordNote(record));
  await removeBufferedParts(
    input.gitDir,
    parts.map((p) => p.id),
  );
  return { answers: input.answers, sha256: recordDigest(record), warnings };
}

/**
 * A repository without compliance recipients has not adopted the detail tier: nothing could be
 * sealed, so its commits are not marked "required, unavailable" (unless `when` is `always`, an
 * explicit choice). Without the sealer's state, a directory listing (not git: this runs inside
 * commit-msg).
 */
async function tierAdopted(policy: DetailPolicy, top: string | null): Promise<boolean> {
  if (!top) return false;
  const names = await readdir(join(top, policy.recipients)).catch(() => [] as string[]);
  return names.some((n) => RECIPIENT_KEY_FILE.test(n));
}

/**
 * The parts that wrote staged files, and the parts naming no file (prompts sealed from hook
 * payloads) of the same sessions: a prompt belongs with the edits it led to.
 */
function partsOfCommit(all: readonly BufferedPart[], staged: ReadonlySet<string>): BufferedPart[] {
  const writing = all.filter((p) => p.files.some((f) => staged.has(f)));
  const sessions = new Set(writing.map((p) => p.session).filter((s): s is string => !!s));
  if (!sessions.size) return writing;
  return all.filter((p) => writing.includes(p) || (p.files.length === 0 && p.session !== undefined && sessions.has(p.session)));
}
