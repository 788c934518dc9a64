import type { SensitiveMatch } from '../config/sensitive.js';
import { consumeEvents, hasEvents, readEvents, type ArchiveBinding } from '../capture/store.js';
import { stagedAddedLines } from '../git/staged-lines.js';
import { stagedTree } from '../git/write-tree.js';
import { gitAiEventsForCommit } from './git-ai.js';
import { bufferStamp, handOverPrefill, takeHandedOverPrefill } from './prefill-handover.js';
import { prefillFromCapture, type CapturePrefill } from './capture.js';

export interface CaptureContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  gitDir: string;
  /** The commit's first parent, or the empty tree. */
  base: string;
  files: readonly string[];
  sensitive: readonly SensitiveMatch[];
  /** commit-msg: the staged tree, to take the pre-fill prepare-commit-msg handed over for it. */
  tree?: string;
  /** prepare-commit-msg: hand the pre-fill over to commit-msg (costs a `git write-tree`). */
  handOver?: boolean;
  /** The commits this one re-commits (amend, cherry-pick): their git-ai notes pre-fill it too. */
  gitAi?: { commonDir: string; sources: readonly string[] };
}

/**
 * The capture's pre-fill for the commit being made; null (and no git call) when no agent has
 * recorded anything since the last commit.
 */
export async function captureForCommit(ctx: CaptureContext): Promise<CapturePrefill | null> {
  const options = { cwd: ctx.cwd, env: ctx.env };
  const fromGitAi = ctx.gitAi?.sources.length ? gitAiEventsForCommit({ ...options, ...ctx.gitAi, files: ctx.files }).catch(() => []) : null;
  const buffer = bufferStamp(ctx.gitDir);
  const buffered = hasEvents(ctx.gitDir);
  if (!buffered && !fromGitAi) return null;
  if (ctx.tree && buffered && !fromGitAi) {
    const handed = takeHandedOverPrefill(ctx.gitDir, { tree: ctx.tree, base: ctx.base, buffer });
    if (handed) return handed;
  }
  const events = [...(buffered ? readEvents(ctx.gitDir) : []), ...((await fromGitAi) ?? [])];
  if (!events.length) return null;
  const [added, tree] = await Promise.all([
    stagedAddedLines(ctx.base, options),
    ctx.handOver ? stagedTree(options).catch(() => null) : null,
  ]);
  const prefill = prefillFromCapture(events, ctx.files, added, ctx.sensitive);
  if (tree) handOverPrefill(ctx.gitDir, { tree, base: ctx.base, buffer }, prefill);
  return prefill;
}

/** Once the commit is signed, the events it accounts for move to the archive under its tree. */
export function archiveCaptured(capture: CapturePrefill | null, gitDir: string, commonDir: string, binding: ArchiveBinding): void {
  if (capture?.used.size) consumeEvents(gitDir, commonDir, capture.used, binding);
}
