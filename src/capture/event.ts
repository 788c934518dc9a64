import type { IntegrationPath } from '../core/model.js';

/** The light event's schema id; bumped when a field changes meaning, never for additions. */
export const EVENT_SCHEMA = 'ai-attest/event@2';

/** What happened in the agent when the event was recorded. */
export type EventKind = 'edit' | 'prompt' | 'stop' | 'session';

/**
 * Where a model id that the hook payload lacks can be read later. Claude Code writes the model
 * and the provider's ids to its transcript, which may lag the hook: `record` at Stop and the
 * commit read it again.
 */
export interface PendingModel {
  /**
   * `claude-transcript`: JSONL assistant lines; `json-transcript`: the last `"model"` in a JSON log
   * (Gemini CLI); `copilot-session`: Copilot CLI's session event log (the model last selected).
   */
  from: 'claude-transcript' | 'json-transcript' | 'copilot-session';
  transcript: string;
  /** The tool call that made the edit; without it, the last assistant response before `time`. */
  toolUseId?: string;
}

/**
 * One contribution as captured from an agent: ids and digests only. Prompts and raw output never
 * appear here in clear (the detail tier keeps them, encrypted); `ref` says where to re-read them.
 */
export interface CaptureEvent {
  schema: typeof EVENT_SCHEMA;
  /** Random, unique per event: the archive and the detail tier refer to it. */
  id: string;
  time: string;
  /** The adapter that read the payload (`claude-code`, `cursor`, ..., `generic`, `flags`). */
  agent: string;
  /** Registry id of the tool. */
  tool: string;
  via: IntegrationPath;
  kind: EventKind;
  /** Exact model id the API reported, or `pending` (see `pending`), or `unknown`. */
  model: string;
  pending?: PendingModel;
  session?: string;
  turn?: string;
  /** Provider request ids (Anthropic `req_...`) and response ids (`msg_...`, `generation_id`). */
  requests?: string[];
  responses?: string[];
  /** Repository-relative path of the file written (edit events). */
  file?: string;
  /** 1-based inclusive line ranges written, in the file as it was after the edit. */
  lines?: Array<[number, number]>;
  /** Line digests of what the agent wrote (see lineDigest), in order: the share estimate compares them with the staged diff. */
  written?: string[];
  /** Digests of the lines the edit removed: an agent replacing its own earlier lines is not a human change. */
  removed?: string[];
  /** `sha256:<hex>` of the raw output (the text the agent wrote) and of the prompt. */
  outputDigest?: string;
  promptDigest?: string;
  /** The agent's own estimate of its share, from the generic event or --share. */
  share?: number;
  /** Where the detail tier re-reads the full prompt turns and raw output. */
  ref?: { transcript?: string; toolUseId?: string; messageIds?: string[] };
}

export const PENDING = 'pending';
export const UNKNOWN_MODEL = 'unknown';

/** A model id is settled once it is neither pending nor unknown. */
export function hasModel(event: Pick<CaptureEvent, 'model'>): boolean {
  return event.model !== PENDING && event.model !== UNKNOWN_MODEL && event.model !== '';
}

/** ISO 8601 UTC times order as strings; localeCompare would cost a commit milliseconds per thousand events. */
export function byTime(a: Pick<CaptureEvent, 'time'>, b: Pick<CaptureEvent, 'time'>): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
