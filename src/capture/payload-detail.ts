import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DetailContribution, DetailOutput } from '../detail/index.js';
import type { Reading } from './adapters/types.js';
import { hasModel, type CaptureEvent } from './event.js';

/**
 * The detail tier's contribution carried by one hook payload of an agent whose hooks hold the
 * text itself (Cursor, Codex, Gemini CLI, Copilot): the prompt of a prompt hook, the text written
 * by an edit hook. Claude Code's turns are read from its transcript at Stop instead
 * (handover.ts). It exists only in memory and goes to the sealing process through a pipe.
 *
 * A prompt names no file; the commit joins it to the edits of the same session (its part carries
 * the session). Null when the payload carries no text.
 */
export function payloadContribution(
  reading: Reading,
  events: readonly CaptureEvent[],
  top: string,
  cwd: string,
): { contribution: DetailContribution; key: string } | null {
  const first = events[0];
  if (!first) return null;
  const time = first.time;
  const outputs: DetailOutput[] = [];
  for (const edit of reading.edits ?? []) {
    const file = repoPath(resolve(cwd, edit.path), top);
    if (!file) continue;
    outputs.push({
      kind: edit.wholeFile ? 'write' : 'edit',
      file,
      content: edit.written,
      ...(edit.replaced !== undefined ? { replaced: edit.replaced } : {}),
      time,
    });
  }
  const turns = reading.prompt ? [{ role: 'user' as const, text: reading.prompt, time, ...(first.turn ? { id: first.turn } : {}) }] : [];
  if (!outputs.length && !turns.length) return null;
  const settled = events.find(hasModel);
  const files = [...new Set(outputs.map((o) => o.file!))];
  return {
    key: `${first.agent}:${first.session ?? ''}:${first.id}`,
    contribution: {
      tool: first.tool,
      model: settled?.model ?? first.model,
      via: first.via,
      ...(first.session ? { session: first.session } : {}),
      requestIds: [...new Set(events.flatMap((e) => e.requests ?? []))],
      messageIds: [...new Set(events.flatMap((e) => [...(e.responses ?? []), ...(e.turn ? [e.turn] : [])]))],
      startedAt: time,
      endedAt: time,
      files,
      turns,
      outputs,
    },
  };
}

function repoPath(path: string, top: string): string | undefined {
  const rel = relative(top, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}
