import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { PendingModel } from './event.js';

/** A session is a candidate for a hook that names none only while it is being written. */
const ACTIVE_MS = 15 * 60 * 1000;

/**
 * Where GitHub Copilot CLI logs the session a hook ran in: no hook payload carries the model, but
 * the session's event log does (`session.start`/`session.resume` `data.selectedModel`,
 * `session.model_change` `data.newModel`, `assistant.message`/`assistant.usage` `data.model`).
 * Logs live under `$COPILOT_HOME` (default `~/.copilot`) in `session-state/<id>/events.jsonl`
 * (older versions: `session-state/<id>.jsonl`). With a session id the path is known; without one
 * (camelCase payloads of some versions) the log is the one session started in this repository
 * that is being written now, and only if there is exactly one: two would be a guess.
 */
export function copilotPending(sessionId: string | undefined, cwd: string, top: string, env: NodeJS.ProcessEnv): PendingModel | null {
  const root = join(env.COPILOT_HOME || join(env.HOME || homedir(), '.copilot'), 'session-state');
  const log = sessionId && /^[\w.-]{1,128}$/.test(sessionId) ? bySession(root, sessionId) : byRepository(root, cwd, top);
  return log ? { from: 'copilot-session', transcript: log } : null;
}

function bySession(root: string, id: string): string | null {
  for (const path of [join(root, id, 'events.jsonl'), join(root, `${id}.jsonl`)]) if (isFile(path)) return path;
  return null;
}

function byRepository(root: string, cwd: string, top: string): string | null {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return null;
  }
  const now = Date.now();
  const found: string[] = [];
  for (const name of names) {
    const log = name.endsWith('.jsonl') ? join(root, name) : join(root, name, 'events.jsonl');
    let mtime: number;
    try {
      mtime = statSync(log).mtimeMs;
    } catch {
      continue;
    }
    if (now - mtime > ACTIVE_MS) continue;
    const started = startedIn(log);
    if (started && within(resolve(cwd, started), top)) found.push(log);
  }
  return found.length === 1 ? found[0]! : null;
}

/** `session.start` `data.context.cwd` (or `data.cwd`), from the log's first lines. */
function startedIn(log: string): string | null {
  let text: string;
  try {
    const fd = openSync(log, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    let value: { type?: unknown; data?: { context?: { cwd?: unknown }; cwd?: unknown } };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      continue;
    }
    if (value?.type !== 'session.start') continue;
    const cwd = value.data?.context?.cwd ?? value.data?.cwd;
    return typeof cwd === 'string' && isAbsolute(cwd) ? cwd : null;
  }
  return null;
}

function within(path: string, top: string): boolean {
  const rel = relative(top, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The model in effect at the end of a Copilot CLI session log (the last one it names). */
export function fromCopilotEvents(text: string): { model: string; requests: string[]; responses: string[] } | null {
  let model: string | null = null;
  const responses: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"type"')) continue;
    let value: { type?: unknown; data?: Record<string, unknown> };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      continue;
    }
    const data = value?.data ?? {};
    const named =
      value.type === 'session.model_change'
        ? data.newModel
        : value.type === 'session.start' || value.type === 'session.resume'
          ? data.selectedModel
          : value.type === 'assistant.message' || value.type === 'assistant.usage'
            ? data.model
            : undefined;
    if (typeof named === 'string' && named.trim()) model = named.trim();
    if (value.type === 'assistant.message' && typeof data.messageId === 'string') responses.push(data.messageId);
  }
  return model ? { model, requests: [], responses: responses.slice(-20) } : null;
}
