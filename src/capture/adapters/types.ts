import type { IntegrationPath } from '../../core/model.js';
import type { EventKind, PendingModel } from '../event.js';

/** One text an agent wrote into one file, as its payload describes it. */
export interface Edit {
  /** As the payload gives it: absolute, or relative to the agent's cwd. */
  path: string;
  /** The text the agent wrote (new_string, content, a patch's added lines). */
  written: string;
  /** What it replaced, when known: only the lines that are new count as the agent's. */
  replaced?: string;
  /** Whole-file writes: every line is located, not searched for. */
  wholeFile?: boolean;
  /** Every occurrence was replaced (`replace_all`). */
  all?: boolean;
  /** Lines the agent itself reports as written (a structured patch, a generic event): used as they are. */
  ranges?: Array<[number, number]>;
}

/** What an adapter reads from one payload, before the common part (files, digests) is done. */
export interface Reading {
  kind: EventKind;
  model?: string;
  pending?: PendingModel;
  session?: string;
  turn?: string;
  requests?: string[];
  responses?: string[];
  edits?: Edit[];
  /** The prompt text: only its digest is kept. */
  prompt?: string;
  cwd?: string;
  ref?: { transcript?: string; toolUseId?: string };
}

/** The facts the trail wants from an agent, and whether this adapter gets each. */
export interface Facts {
  model: string;
  prompt: string;
  edits: string;
  ranges: string;
  requestIds: string;
}

export interface HookSpec {
  /** The agent's event name, with a tool matcher where the agent takes one. */
  event: string;
  matcher?: string;
}

export interface AgentAdapter {
  id: string;
  label: string;
  /** Registry id the events are recorded under. */
  tool: string;
  via: IntegrationPath;
  facts: Facts;
  /** Null when the payload is not one this adapter records (a Read, a shell command). */
  read(payload: Record<string, unknown>): Reading | null;
}

export type Json = Record<string, unknown>;

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function obj(value: unknown): Json {
  if (typeof value === 'string') {
    // Some agents (Copilot CLI) pass tool arguments as a JSON string.
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : {};
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/** The prompt text of a prompt payload (`prompt` in every agent's form): only its digest is kept. */
export function promptOf(payload: Json): { prompt?: string } {
  return typeof payload.prompt === 'string' ? { prompt: payload.prompt } : {};
}

const PATH_KEYS = ['file_path', 'filePath', 'path', 'absolute_path'];
const OLD_KEYS = ['old_string', 'oldString', 'old_str'];
const NEW_KEYS = ['new_string', 'newString', 'new_str'];
const CONTENT_KEYS = ['content', 'file_text', 'text'];

function first(input: Json, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof input[key] === 'string') return input[key] as string;
  return undefined;
}

/**
 * Edits from a tool input in the shapes the agents use: a replacement (`old_string`/`new_string`
 * and their camelCase and `_str` spellings), a whole-file write (`content`, `file_text`), or a
 * list of replacements (`edits[]`, Claude Code's MultiEdit and Cursor's afterFileEdit).
 */
export function editsFromInput(input: Json, fallbackPath?: string): Edit[] {
  const path = first(input, PATH_KEYS) ?? fallbackPath;
  if (!path) return [];
  if (Array.isArray(input.edits)) {
    return input.edits.flatMap((e) => {
      const edit = obj(e);
      const written = first(edit, NEW_KEYS);
      if (written === undefined) return [];
      const replaced = first(edit, OLD_KEYS);
      return [{ path, written, ...(replaced !== undefined ? { replaced } : {}), ...(edit.replace_all === true ? { all: true } : {}) }];
    });
  }
  const written = first(input, NEW_KEYS);
  if (written !== undefined) {
    const replaced = first(input, OLD_KEYS);
    return [{ path, written, ...(replaced !== undefined ? { replaced } : {}), ...(input.replace_all === true ? { all: true } : {}) }];
  }
  const content = first(input, CONTENT_KEYS);
  if (content !== undefined) return [{ path, written: content, wholeFile: true }];
  return [];
}
