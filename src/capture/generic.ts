import { INTEGRATION_PATHS, isIntegrationPath } from '../core/model.js';
import { AttestError } from '../errors.js';
import type { EventKind } from './event.js';
import type { Reading } from './adapters/types.js';
import { isShare, TOOL_ID } from '../core/answer-values.js';

/**
 * The documented generic event (`ai-attest record --event -`), for any tool without an adapter:
 *   { "tool": "my-agent", "model": "exact-model-id", "via": "cli-agent",
 *     "kind": "edit" | "prompt" | "stop" | "session",
 *     "session": "...", "turn": "...", "requests": ["req_..."], "responses": ["msg_..."],
 *     "file": "src/x.ts", "lines": [[10, 24]], "content": "text the agent wrote",
 *     "replaced": "text it replaced", "prompt": "the prompt", "share": 40 }
 * Only `tool` is required. `content`, `replaced` and `prompt` are digested, never stored. An
 * edit without `file` says the tool worked on the next commit as a whole.
 */
export interface GenericReading {
  tool: string;
  via?: string;
  share?: number;
  lines?: Array<[number, number]>;
  reading: Reading;
}

const KINDS: readonly EventKind[] = ['edit', 'prompt', 'stop', 'session'];

export function readGeneric(value: unknown): GenericReading {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('the event must be a JSON object');
  const v = value as Record<string, unknown>;
  const tool = v.tool;
  if (typeof tool !== 'string' || !TOOL_ID.test(tool)) throw bad('"tool" must be a tool id (lower-case letters, digits and dashes)');
  const text = (key: string): string | undefined => {
    if (v[key] === undefined) return undefined;
    if (typeof v[key] !== 'string') throw bad(`"${key}" must be a string`);
    return v[key] as string;
  };
  const list = (key: string): string[] | undefined => {
    if (v[key] === undefined) return undefined;
    if (!Array.isArray(v[key]) || !(v[key] as unknown[]).every((x) => typeof x === 'string'))
      throw bad(`"${key}" must be a list of strings`);
    return v[key] as string[];
  };
  const kind = (text('kind') ?? 'edit') as EventKind;
  if (!KINDS.includes(kind)) throw bad(`"kind" must be one of ${KINDS.join(', ')}`);
  const via = text('via');
  if (via !== undefined && !isIntegrationPath(via)) throw bad(`"via" must be one of ${INTEGRATION_PATHS.join(', ')}`);
  let share: number | undefined;
  if (v.share !== undefined) {
    if (!isShare(v.share)) throw bad('"share" must be a whole number from 0 to 100');
    share = v.share;
  }
  let lines: Array<[number, number]> | undefined;
  if (v.lines !== undefined) {
    const ok =
      Array.isArray(v.lines) &&
      v.lines.every(
        (r) =>
          Array.isArray(r) &&
          r.length === 2 &&
          r.every((n) => Number.isInteger(n) && (n as number) >= 1) &&
          (r[0] as number) <= (r[1] as number),
      );
    if (!ok) throw bad('"lines" must be a list of [start, end] pairs of 1-based line numbers');
    lines = v.lines as Array<[number, number]>;
  }
  const file = text('file');
  const content = text('content');
  const replaced = text('replaced');
  const model = text('model');
  const session = text('session');
  const turn = text('turn');
  const requests = list('requests');
  const responses = list('responses');
  const prompt = text('prompt');
  const reading: Reading = {
    kind,
    ...(model ? { model } : {}),
    ...(session ? { session } : {}),
    ...(turn ? { turn } : {}),
    ...(requests ? { requests } : {}),
    ...(responses ? { responses } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(file
      ? {
          edits: [
            { path: file, written: content ?? '', ...(replaced !== undefined ? { replaced } : {}), ...(lines ? { ranges: lines } : {}) },
          ],
        }
      : {}),
  };
  return { tool, ...(via ? { via } : {}), ...(share !== undefined ? { share } : {}), ...(lines ? { lines } : {}), reading };
}

function bad(what: string): AttestError {
  return new AttestError(`record --event: ${what} (see \`ai-attest schema event\`).`);
}
