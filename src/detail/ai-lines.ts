import type { Answers } from '../core/model.js';
import type { GitOptions } from '../git/run.js';
import { stagedAddedLines } from '../git/staged-lines.js';

/**
 * The size of the AI-written part of a commit, for `detail.aiLinesOver`: the added lines the
 * capture pre-fill matched to an agent's output in the staged diff, or, where capture has no line
 * data for the commit (no capture, a tool that reports no content), the declared share of the
 * staged added lines. Blank lines count in neither, as in the pre-fill's share.
 */
export interface AiLines {
  lines: number;
  how: 'matched' | 'declared-share';
}

export interface CapturedLines {
  /** Lines of the agent's output in the committed files, and of those the ones committed as written. */
  rawLines: number;
  keptLines: number;
}

export async function aiAttributedLines(input: {
  answers: Answers;
  /** The capture pre-fill's entries for this commit, or null without capture. */
  captured: readonly CapturedLines[] | null;
  /** The staged change's added lines (one git call): asked only when capture cannot tell. */
  stagedLines: () => Promise<number>;
}): Promise<AiLines> {
  const withLines = (input.captured ?? []).filter((e) => e.rawLines > 0);
  if (withLines.length) return { lines: withLines.reduce((n, e) => n + e.keptLines, 0), how: 'matched' };
  const share = Math.min(100, Math.max(0, input.answers.share));
  return { lines: Math.round((share / 100) * (await input.stagedLines())), how: 'declared-share' };
}

/** Non-blank lines the staged change adds against `base`. */
export async function stagedLineCount(base: string, options: GitOptions): Promise<number> {
  let count = 0;
  for (const lines of (await stagedAddedLines(base, options)).values()) for (const line of lines) if (line.trim() !== '') count++;
  return count;
}
