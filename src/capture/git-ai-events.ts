import { adapterFor } from './adapters/index.js';
import { EVENT_SCHEMA, UNKNOWN_MODEL, type CaptureEvent } from './event.js';
import { gitAiTool, parseGitAiNote } from './git-ai.js';
import { isCountable, lineDigest, splitLines } from './lines.js';

/** The agent name events read from git-ai notes carry: their entries say where they came from. */
export const GIT_AI_AGENT = 'git-ai';

/**
 * A git-ai note on a commit this one re-commits (the amended HEAD, a cherry-picked commit), as
 * capture events for the staged files: one per AI attribution and file, with the digests of the
 * lines it names in that commit's version of the file, so they match the staged diff like an
 * agent's own events. Human attributions (`h_` keys) are not events: what nobody attributes to
 * an AI is the human's anyway. `blob(path)` is the file's text in `commit`, null when absent.
 */
export function gitAiNoteEvents(
  commit: string,
  note: string,
  staged: ReadonlySet<string>,
  blob: (path: string) => string | null | undefined,
  time: string,
): CaptureEvent[] {
  const parsed = parseGitAiNote(note);
  if (!parsed) return [];
  const out: CaptureEvent[] = [];
  parsed.attributions.forEach((a, index) => {
    if (a.kind !== 'ai' || !staged.has(a.path)) return;
    const text = blob(a.path);
    if (typeof text !== 'string') return;
    const lines = splitLines(text);
    const written: string[] = [];
    const ranges: Array<[number, number]> = [];
    for (const [start, end] of a.ranges) {
      if (start > lines.length) continue;
      const last = Math.min(end, lines.length);
      ranges.push([start, last]);
      for (let n = start; n <= last; n++) if (isCountable(lines[n - 1]!)) written.push(lineDigest(lines[n - 1]!));
    }
    if (!written.length) return;
    const tool = gitAiTool(a.tool);
    out.push({
      schema: EVENT_SCHEMA,
      id: `git-ai:${commit.slice(0, 12)}:${index}`,
      time,
      agent: GIT_AI_AGENT,
      tool,
      via: adapterFor(tool)?.via ?? 'other',
      kind: 'edit',
      model: a.model?.trim() || UNKNOWN_MODEL,
      ...(a.conversation ? { session: a.conversation } : {}),
      file: a.path,
      lines: ranges,
      written,
    });
  });
  return out;
}
