import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { DetailContribution, DetailOutput, DetailTurn } from '../detail/index.js';

/**
 * The detail tier's contribution for the Claude Code turn that just ended, read from the
 * transcript: the turn starts at the last prompt the user typed (a user line whose content is
 * text, not a tool result); its assistant lines give the text, the edits (tool_use inputs of
 * Edit, Write, MultiEdit), the exact model and the provider's ids. Null when the transcript has
 * no finished turn with a model. It exists only in memory: the detail tier redacts and encrypts
 * it before anything is written.
 *
 * `upTo` (the transcript's size at Stop) reads the turn that had ended then, from a queue drained
 * later: the last prompt before those bytes, up to the next prompt (lines of that turn written
 * after the Stop hook ran are kept; a later turn is not).
 */
export function claudeTurnContribution(
  transcript: string,
  top: string,
  session?: string,
  upTo?: number,
): { contribution: DetailContribution; key: string } | null {
  let text: string;
  try {
    text = readFileSync(transcript, 'utf8');
  } catch {
    return null;
  }
  const entries: Array<Record<string, unknown>> = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const at = offset;
    offset += Buffer.byteLength(line) + 1;
    if (!line.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
      offsets.push(at);
    } catch {
      // a line being written while we read: the turn is still complete up to it
    }
  }
  const isPrompt = (e: Record<string, unknown>) => {
    const content = (e.message as { content?: unknown } | undefined)?.content;
    return e.type === 'user' && (typeof content === 'string' || (Array.isArray(content) && content.some((c) => c?.type === 'text')));
  };
  let start = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if ((upTo === undefined || offsets[i]! < upTo) && isPrompt(entries[i]!)) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  let end = start + 1;
  while (end < entries.length && !isPrompt(entries[end]!)) end++;
  const turns: DetailTurn[] = [];
  const outputs: DetailOutput[] = [];
  const requests = new Set<string>();
  const messages = new Set<string>();
  const files = new Set<string>();
  let model = '';
  const times: string[] = [];
  for (const e of entries.slice(start, end)) {
    const message = (e.message ?? {}) as { id?: unknown; model?: unknown; content?: unknown };
    const time = typeof e.timestamp === 'string' ? e.timestamp : undefined;
    if (time) times.push(time);
    const blocks =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : Array.isArray(message.content)
          ? (message.content as Array<Record<string, unknown>>)
          : [];
    if (e.type === 'user') {
      const said = blocks
        .filter((b) => b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string)
        .join('\n');
      if (said) turns.push({ role: 'user', text: said, ...(time ? { time } : {}), ...(typeof e.uuid === 'string' ? { id: e.uuid } : {}) });
      continue;
    }
    if (e.type !== 'assistant') continue;
    if (typeof message.model === 'string' && message.model !== '<synthetic>') model = message.model;
    if (typeof e.requestId === 'string') requests.add(e.requestId);
    if (typeof message.id === 'string') messages.add(message.id);
    for (const b of blocks) {
      if (b.type === 'text' && typeof b.text === 'string')
        turns.push({
          role: 'assistant',
          text: b.text,
          ...(time ? { time } : {}),
          ...(typeof message.id === 'string' ? { id: message.id } : {}),
        });
      if (b.type !== 'tool_use') continue;
      const input = (b.input ?? {}) as Record<string, unknown>;
      const file = typeof input.file_path === 'string' ? repoPath(input.file_path, top) : undefined;
      const id = typeof b.id === 'string' ? b.id : undefined;
      const push = (kind: DetailOutput['kind'], content: unknown, replaced?: unknown) => {
        if (typeof content !== 'string') return;
        if (file) files.add(file);
        outputs.push({
          kind,
          content,
          ...(file ? { file } : {}),
          ...(typeof replaced === 'string' ? { replaced } : {}),
          ...(time ? { time } : {}),
          ...(id ? { id } : {}),
        });
      };
      if (b.name === 'Write') push('write', input.content);
      else if (b.name === 'Edit') push('edit', input.new_string, input.old_string);
      else if (b.name === 'MultiEdit' && Array.isArray(input.edits))
        for (const edit of input.edits as Array<Record<string, unknown>>) push('edit', edit.new_string, edit.old_string);
    }
  }
  if (!model) return null;
  const promptId = typeof entries[start]!.uuid === 'string' ? (entries[start]!.uuid as string) : String(start);
  return {
    key: `claude-code:${session ?? ''}:${promptId}`,
    contribution: {
      tool: 'claude-code',
      model,
      via: 'cli-agent',
      ...(session ? { session } : {}),
      requestIds: [...requests],
      messageIds: [...messages],
      startedAt: times[0] ?? new Date().toISOString(),
      endedAt: times[times.length - 1] ?? new Date().toISOString(),
      files: [...files],
      turns,
      outputs,
    },
  };
}

function repoPath(path: string, top: string): string | undefined {
  const rel = relative(top, isAbsolute(path) ? path : `${top}${sep}${path}`);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}
