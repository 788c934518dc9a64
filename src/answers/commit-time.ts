import type { SensitiveMatch } from '../config/sensitive.js';
import { consumeEvents, hasEvents, readEvents, type ArchiveBinding } from '../capture/store.js';
import { stagedAddedLines } from '../git/staged-lines.js';
import { prefillFromCapture, type CapturePrefill } from './capture.js';

export interface CaptureContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  gitDir: string;
  /** The commit's first parent, or the empty tree. */
  base: string;
  files: readonly string[];
  sensitive: readonly SensitiveMatch[];
}

/**
 * The capture's pre-fill for the commit being made; null (and no git call) when no agent has
 * recorded anything since the last commit.
 */
export async function captureForCommit(ctx: CaptureContext): Promise<CapturePrefill | null> {
  if (!hasEvents(ctx.gitDir)) return null;
  const events = readEvents(ctx.gitDir);
  if (!events.length) return null;
  const added = await stagedAddedLines(ctx.base, { cwd: ctx.cwd, env: ctx.env });
  return prefillFromCapture(events, ctx.files, added, ctx.sensitive);
}

/** Once the commit is signed, the events it accounts for move to the archive under its tree. */
export function archiveCaptured(capture: CapturePrefill | null, gitDir: string, commonDir: string, binding: ArchiveBinding): void {
  if (capture?.used.size) consumeEvents(gitDir, commonDir, capture.used, binding);
}
