import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { IntegrationPath } from '../core/model.js';
import type { DetailContribution } from '../detail/index.js';
import { AttestError } from '../errors.js';
import { adapterFor } from './adapters/index.js';
import { copilotPending } from './copilot-session.js';
import type { Edit, Reading } from './adapters/types.js';
import { EVENT_SCHEMA, PENDING, UNKNOWN_MODEL, type CaptureEvent } from './event.js';
import { readGeneric } from './generic.js';
import { locate, mergeRanges, sha256, splitLines, writtenDigests } from './lines.js';
import { locateRepo } from './repo.js';
import { payloadContribution } from './payload-detail.js';
import { appendEvents } from './store.js';
import { resolvePending } from './transcript.js';

export interface RecordRequest {
  /** An adapter id (`claude-code`, `cursor`, ...) or `generic`. */
  agent: string;
  /** The payload exactly as the agent wrote it on the hook's stdin. */
  payload: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  now?: Date;
}

export interface RecordOutcome {
  events: CaptureEvent[];
  /** The payload's text for the detail tier (agents whose hooks carry it), in memory only. */
  detail?: { contribution: DetailContribution; key: string };
  /** Why nothing was recorded, when nothing was. */
  skipped?: string;
}

/**
 * One agent hook payload to normalised events, appended to the repository's capture buffer.
 * No git process, no network: the repository is found on disk, the model in the agent's log.
 */
export function recordPayload(request: RecordRequest): RecordOutcome {
  let payload: unknown;
  try {
    payload = JSON.parse(request.payload);
  } catch (error) {
    throw new AttestError(`record: the hook payload on standard input is not JSON (${(error as Error).message}).`);
  }
  let reading: Reading | null;
  let tool: string;
  let via: IntegrationPath;
  let share: number | undefined;
  if (request.agent === 'generic') {
    const generic = readGeneric(payload);
    reading = generic.reading;
    tool = generic.tool;
    via = (generic.via ?? 'other') as IntegrationPath;
    share = generic.share;
  } else {
    const adapter = adapterFor(request.agent);
    if (!adapter)
      throw new AttestError(
        `record: unknown agent "${request.agent}"; \`ai-attest agents list\` shows the known ones, or use --event - for any other tool.`,
      );
    if (!payload || typeof payload !== 'object' || Array.isArray(payload))
      throw new AttestError('record: the hook payload must be a JSON object.');
    reading = adapter.read(payload as Record<string, unknown>);
    tool = adapter.tool;
    via = adapter.via;
  }
  if (!reading) return { events: [], skipped: 'not an edit, prompt or stop event' };
  const cwd = reading.cwd && isAbsolute(reading.cwd) ? reading.cwd : request.cwd;
  const repo = locateRepo(cwd, request.env);
  if (!repo) return { events: [], skipped: 'not inside a git repository' };

  // No Copilot payload carries the model; its session log does (copilot-session.ts).
  if (request.agent === 'copilot' && !reading.model && !reading.pending) {
    const pending = copilotPending(reading.session, cwd, repo.top, request.env);
    if (pending) reading = { ...reading, pending };
  }
  const now = request.now ?? new Date();
  const common = commonFields(reading, request.agent, tool, via, now);
  if (share !== undefined) common.share = share;
  const events: CaptureEvent[] = [];
  if (reading.kind === 'edit') {
    for (const [file, edits] of groupByFile(reading.edits ?? [], cwd, repo.top))
      events.push({ ...common, id: newId(), file, ...describeEdits(edits, resolve(repo.top, file)) });
    if (!events.length && request.agent === 'generic' && !reading.edits?.length) events.push({ ...common, id: newId() });
    if (!events.length) return { events: [], skipped: 'the edit names no file inside the repository' };
  } else {
    events.push({ ...common, id: newId(), ...(reading.prompt !== undefined ? { promptDigest: sha256(reading.prompt) } : {}) });
  }
  appendEvents(repo.gitDir, events);
  // Claude Code's turns come whole from its transcript at Stop; the others' text is in the payload.
  const detail = request.agent === 'claude-code' ? null : payloadContribution(reading, events, repo.top, cwd);
  return detail ? { events, detail } : { events };
}

function commonFields(reading: Reading, agent: string, tool: string, via: IntegrationPath, now: Date): Omit<CaptureEvent, 'id'> {
  const event: Omit<CaptureEvent, 'id'> = {
    schema: EVENT_SCHEMA,
    time: now.toISOString(),
    agent,
    tool,
    via,
    kind: reading.kind,
    model: reading.model?.trim() || UNKNOWN_MODEL,
  };
  if (reading.session) event.session = reading.session;
  if (reading.turn) event.turn = reading.turn;
  if (reading.requests?.length) event.requests = [...reading.requests];
  if (reading.responses?.length) event.responses = [...reading.responses];
  if (reading.ref) event.ref = { ...reading.ref };
  if (!reading.model && reading.pending) {
    // The transcript may already hold the answer; if not, a later reader resolves it.
    const resolved = resolvePending(reading.pending);
    if (resolved) {
      event.model = resolved.model;
      if (resolved.requests.length) event.requests = [...new Set([...(event.requests ?? []), ...resolved.requests])];
      if (resolved.responses.length) event.responses = [...new Set([...(event.responses ?? []), ...resolved.responses])];
    } else {
      event.model = PENDING;
      event.pending = reading.pending;
    }
  }
  return event;
}

/** Repository-relative paths (with `/`), each with its edits; paths outside the repository are dropped. */
function groupByFile(edits: readonly Edit[], cwd: string, top: string): Map<string, Edit[]> {
  const out = new Map<string, Edit[]>();
  for (const edit of edits) {
    const rel = relative(top, resolve(cwd, edit.path));
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue;
    const file = rel.split(sep).join('/');
    (out.get(file) ?? out.set(file, []).get(file)!).push(edit);
  }
  return out;
}

/**
 * Line ranges in the file as it is now (just after the edit), digests of the lines written and
 * of the lines the edit removed (so an agent replacing its own earlier lines is not counted as
 * a human change), and the digest of the whole raw output.
 */
function describeEdits(
  edits: readonly Edit[],
  absolute: string,
): Pick<CaptureEvent, 'lines' | 'written' | 'outputDigest'> & { removed?: string[] } {
  let content: string | null = null;
  try {
    content = readFileSync(absolute, 'utf8');
  } catch {
    content = null;
  }
  const ranges: Array<[number, number]> = [];
  const written: string[] = [];
  const removed: string[] = [];
  for (const edit of edits) {
    if (edit.ranges) ranges.push(...edit.ranges);
    else if (edit.wholeFile) {
      const n = splitLines(content ?? edit.written).length;
      if (n) ranges.push([1, n]);
    } else if (content !== null) ranges.push(...locate(content, edit.written, edit.all));
    written.push(...writtenDigests(edit.replaced ?? '', edit.written));
    if (edit.replaced) removed.push(...writtenDigests(edit.written, edit.replaced));
  }
  return {
    ...(ranges.length ? { lines: mergeRanges(ranges) } : {}),
    written,
    ...(removed.length ? { removed } : {}),
    outputDigest: sha256(edits.map((e) => e.written).join('')),
  };
}

function newId(): string {
  return randomBytes(9).toString('base64url');
}
