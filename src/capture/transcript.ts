import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fromCopilotEvents } from './copilot-session.js';
import type { PendingModel } from './event.js';

export interface Resolved {
  model: string;
  requests: string[];
  responses: string[];
}

/** At record time the tool call is near the end of the transcript: read only its tail. */
const TAILS = [64 * 1024, 512 * 1024];

/**
 * The exact model and provider ids for a pending event, from the agent's own log. Null when
 * the log is gone or does not (yet) hold the answer: the event stays pending and the next
 * reader (Stop, the commit) tries again.
 */
export function resolvePending(
  pending: PendingModel,
  options: { whole?: boolean; cache?: Map<string, string | null> } = {},
): Resolved | null {
  const resolve = (text: string) =>
    pending.from === 'claude-transcript'
      ? fromClaudeTranscript(text, pending.toolUseId)
      : pending.from === 'copilot-session'
        ? fromCopilotEvents(text)
        : fromJsonLog(text);
  if (!options.whole) {
    // The tool call is usually in the last few lines: a small tail first, a larger one if not.
    for (const tail of TAILS) {
      const text = readLog(pending.transcript, { tail });
      if (text === null) return null;
      const found = resolve(text);
      if (found) return found;
    }
    return null;
  }
  const text = readLog(pending.transcript, options);
  return text === null ? null : resolve(text);
}

function readLog(path: string, options: { whole?: boolean; tail?: number; cache?: Map<string, string | null> }): string | null {
  const key = `${options.whole ? 'w' : options.tail}:${path}`;
  if (options.cache?.has(key)) return options.cache.get(key)!;
  let text: string | null = null;
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const start = options.whole ? 0 : Math.max(0, size - (options.tail ?? TAILS[TAILS.length - 1]!));
      const buffer = Buffer.alloc(size - start);
      let read = 0;
      while (read < buffer.length) {
        const n = readSync(fd, buffer, read, buffer.length - read, start + read);
        if (n === 0) break;
        read += n;
      }
      text = buffer.subarray(0, read).toString('utf8');
      // A tail starts mid-line: drop the partial first line.
      if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      closeSync(fd);
    }
  } catch {
    text = null;
  }
  options.cache?.set(key, text);
  return text;
}

interface AssistantLine {
  model: string;
  requestId?: string;
  messageId?: string;
  toolUseIds: string[];
}

/**
 * Claude Code transcript: one JSON object per line; assistant lines carry `requestId` and
 * `message.{id, model, content[]}`. One response spans several lines sharing `message.id`.
 * `<synthetic>` marks messages Claude Code made up itself (errors, interruptions): not a model.
 */
export function fromClaudeTranscript(text: string, toolUseId?: string): Resolved | null {
  const lines = text.split('\n');
  let fallback: AssistantLine | null = null;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!line.includes('"assistant"')) continue;
    if (toolUseId && !line.includes(toolUseId)) continue;
    const parsed = assistantLine(line);
    if (!parsed) continue;
    if (toolUseId) {
      if (parsed.toolUseIds.includes(toolUseId)) return settle(parsed, lines, i);
      continue;
    }
    fallback = parsed;
    return settle(fallback, lines, i);
  }
  return null;
}

/** Every line of the same response (same message.id) contributes its request id. */
function settle(found: AssistantLine, lines: readonly string[], index: number): Resolved {
  const requests = new Set<string>();
  if (found.requestId) requests.add(found.requestId);
  if (found.messageId) {
    for (let j = Math.max(0, index - 50); j < Math.min(lines.length, index + 50); j++) {
      if (!lines[j]!.includes(found.messageId)) continue;
      const other = assistantLine(lines[j]!);
      if (other?.messageId === found.messageId && other.requestId) requests.add(other.requestId);
    }
  }
  return { model: found.model, requests: [...requests], responses: found.messageId ? [found.messageId] : [] };
}

function assistantLine(line: string): AssistantLine | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const entry = value as Record<string, unknown>;
  if (entry.type !== 'assistant') return null;
  const message = (entry.message ?? {}) as Record<string, unknown>;
  const model = typeof message.model === 'string' ? message.model : '';
  if (!model || model === '<synthetic>') return null;
  const content = Array.isArray(message.content) ? message.content : [];
  const toolUseIds = content
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object' && (c as Record<string, unknown>).type === 'tool_use')
    .map((c) => c.id)
    .filter((id): id is string => typeof id === 'string');
  return {
    model,
    ...(typeof entry.requestId === 'string' ? { requestId: entry.requestId } : {}),
    ...(typeof message.id === 'string' ? { messageId: message.id } : {}),
    toolUseIds,
  };
}

/** A JSON session log (Gemini CLI): the last `"model": "..."` it holds. */
export function fromJsonLog(text: string): Resolved | null {
  let model: string | null = null;
  for (const match of text.matchAll(/"model"\s*:\s*"([^"\\]{1,128})"/g)) model = match[1]!;
  return model ? { model, requests: [], responses: [] } : null;
}
