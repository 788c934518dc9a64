import type { SensitiveMatch } from '../config/sensitive.js';
import type { Answers, IntegrationPath, ToolUse } from '../core/model.js';
import { byTime, hasModel, PENDING, UNKNOWN_MODEL, type CaptureEvent } from '../capture/event.js';
import { GIT_AI_AGENT } from '../capture/git-ai-events.js';
import { isCountable, lineDigest } from '../capture/lines.js';
import { resolvePending } from '../capture/transcript.js';
import type { AddedLines } from '../git/staged-lines.js';

/** Per tool and exact model: what capture saw of its output in this commit. */
export interface CaptureEntry {
  tool: string;
  model: string;
  via: IntegrationPath;
  /** Lines of its final output in the committed files (after it replaced its own lines). */
  rawLines: number;
  /** Of those: committed as written, changed by a human, or gone. */
  keptLines: number;
  modifiedLines: number;
  droppedLines: number;
  requestIds: string[];
  responseIds: string[];
  sessions: string[];
  /** The model id could not be read from the agent (no payload field, transcript gone). */
  modelUnresolved?: true;
  /** Read from git-ai's notes (`refs/notes/ai`) on the commits this one re-commits, not from an agent's hook. */
  source?: 'git-ai';
}

export interface CapturePrefill {
  /** Answers the capture supports for this commit, or null when it says nothing about it. */
  answers: Answers | null;
  entries: CaptureEntry[];
  /** Events this commit accounts for: archived with it once it is signed. */
  used: Set<string>;
}

export const CAPTURE_EXTENSION = 'ai-attest.capture';
export const PROVENANCE_EXTENSION = 'ai-attest.provenance';
/** Long sessions make many requests: the statement keeps this many ids per model, and the count. */
const MAX_IDS = 200;

/**
 * Pre-fill from captured events, against the staged change: which tools and exact models wrote
 * the staged files, the share of added lines whose content is what an agent wrote, and how much
 * of each model's output was kept, changed by a human, or dropped.
 *
 * Matching is by line content (digest), per file: an added line is the agent's when the agent
 * wrote a line with the same content there and it has not been matched yet. An agent line with
 * no match was modified when the human added other lines to that file, else dropped.
 */
export function prefillFromCapture(
  events: readonly CaptureEvent[],
  files: readonly string[],
  added: AddedLines,
  sensitive: readonly SensitiveMatch[],
): CapturePrefill {
  const none: CapturePrefill = { answers: null, entries: [], used: new Set() };
  if (!events.length) return none;
  const settled = settleModels(events);
  const staged = new Set(files);
  const edits = settled.filter((e) => e.kind === 'edit' && (e.file === undefined || staged.has(e.file))).sort(byTime);
  if (!edits.length) return none;

  const owners = new Map<string, Owner>();
  const ownerOf = (e: CaptureEvent): Owner => {
    const gitAi = e.agent === GIT_AI_AGENT;
    const key = `${e.tool}\0${e.model}\0${gitAi ? 'git-ai' : ''}`;
    let o = owners.get(key);
    if (!o)
      owners.set(
        key,
        (o = {
          tool: e.tool,
          model: e.model,
          via: e.via,
          raw: 0,
          kept: 0,
          modified: 0,
          dropped: 0,
          files: new Set(),
          events: [],
          wholeCommit: false,
          lineData: false,
          ...(gitAi ? { source: 'git-ai' as const } : {}),
        }),
      );
    return o;
  };

  // Per file: the agents' final output as a pool of line digests, each owned by a (tool, model).
  const pools = new Map<string, Map<string, Owner[]>>();
  for (const e of edits) {
    const owner = ownerOf(e);
    owner.events.push(e);
    if (e.file === undefined) {
      owner.wholeCommit = true;
      continue;
    }
    owner.files.add(e.file);
    // No line digests (flags-era events, a generic event without content): the file counts, its lines cannot.
    if (!e.written?.length) continue;
    owner.lineData = true;
    const pool = pools.get(e.file) ?? pools.set(e.file, new Map()).get(e.file)!;
    for (const d of e.removed ?? []) pool.get(d)?.pop();
    for (const d of e.written) (pool.get(d) ?? pool.set(d, []).get(d)!).push(owner);
  }

  let aiAdded = 0;
  let totalAdded = 0;
  for (const file of files) {
    const lines = (added.get(file) ?? []).filter(isCountable);
    totalAdded += lines.length;
    const pool = pools.get(file);
    if (!pool) continue;
    let human = 0;
    for (const line of lines) {
      const owner = pool.get(lineDigest(line))?.shift();
      if (owner) {
        owner.kept++;
        aiAdded++;
      } else human++;
    }
    // What is left in the pool was not committed as written.
    const left = new Map<Owner, number>();
    for (const list of pool.values()) for (const o of list) left.set(o, (left.get(o) ?? 0) + 1);
    for (const [o, n] of left) {
      const modified = Math.min(n, human);
      human -= modified;
      o.modified += modified;
      o.dropped += n - modified;
    }
  }
  for (const o of owners.values()) o.raw = o.kept + o.modified + o.dropped;

  // An owner whose every line in the commit is gone did not contribute to it (an edit reverted
  // before staging); one without line data is believed.
  const contributing = [...owners.values()].filter((o) => !o.lineData || o.wholeCommit || o.kept + o.modified > 0);
  const used = new Set<string>(edits.map((e) => e.id));
  const sessions = new Set(edits.map((e) => e.session).filter((s): s is string => !!s));
  for (const e of settled) if (e.kind !== 'edit' && e.session && sessions.has(e.session)) used.add(e.id);
  if (!contributing.length) return { answers: null, entries: [], used };

  const entries = contributing.map((o) => entryFor(o, settled));
  const tools: ToolUse[] = contributing.map((o) => ({ tool: o.tool, model: hasModel(o) ? o.model : UNKNOWN_MODEL, via: o.via }));
  const estimates = edits.map((e) => e.share).filter((s): s is number => typeof s === 'number');
  let share: number;
  if (estimates.length) share = Math.max(...estimates);
  else if (totalAdded > 0 && contributing.some((o) => o.lineData)) share = Math.round((100 * aiAdded) / totalAdded);
  else {
    const touched = new Set(contributing.flatMap((o) => [...o.files]));
    share =
      contributing.some((o) => o.wholeCommit) || !files.length
        ? 100
        : Math.round((100 * files.filter((f) => touched.has(f)).length) / files.length);
  }
  const wholeCommitTools = contributing.filter((o) => o.wholeCommit).map((o) => o.tool);
  const answers: Answers = {
    ai: 'used',
    tools: dedupeTools(tools),
    share,
    sensitive: sensitive.map((s) => ({
      ...s,
      ai: [...new Set([...contributing.filter((o) => o.files.has(s.path)).map((o) => o.tool), ...wholeCommitTools])],
    })),
    source: 'events',
  };
  return { answers, entries, used };
}

interface Owner {
  tool: string;
  model: string;
  via: IntegrationPath;
  raw: number;
  kept: number;
  modified: number;
  dropped: number;
  files: Set<string>;
  events: CaptureEvent[];
  wholeCommit: boolean;
  lineData: boolean;
  source?: 'git-ai';
}

function entryFor(o: Owner, all: readonly CaptureEvent[]): CaptureEntry {
  const sessions = new Set(o.events.map((e) => e.session).filter((s): s is string => !!s));
  const requests = new Set<string>();
  const responses = new Set<string>();
  // The requests of a session's turns count for the model that made them (a Stop event carries
  // the last response's ids even when the edit's own transcript line was never found).
  const own = new Set(o.events);
  for (const e of all) {
    const mine =
      own.has(e) || (e.kind !== 'edit' && e.session !== undefined && sessions.has(e.session) && e.tool === o.tool && e.model === o.model);
    if (!mine) continue;
    for (const r of e.requests ?? []) requests.add(r);
    for (const r of e.responses ?? []) responses.add(r);
  }
  const entry: CaptureEntry = {
    tool: o.tool,
    model: hasModel(o) ? o.model : UNKNOWN_MODEL,
    via: o.via,
    rawLines: o.raw,
    keptLines: o.kept,
    modifiedLines: o.modified,
    droppedLines: o.dropped,
    requestIds: [...requests].slice(0, MAX_IDS),
    responseIds: [...responses].slice(0, MAX_IDS),
    sessions: [...sessions].slice(0, MAX_IDS),
  };
  if (!hasModel(o)) entry.modelUnresolved = true;
  if (o.source) entry.source = o.source;
  return entry;
}

function dedupeTools(tools: readonly ToolUse[]): ToolUse[] {
  const out: ToolUse[] = [];
  for (const t of tools) if (!out.some((u) => u.tool === t.tool && u.model === t.model)) out.push(t);
  return out;
}

/**
 * Pending models are read again from the agents' logs (the whole log now: the session may have
 * gone on long after the edit). A model still unknown takes the one its session resolved
 * elsewhere (a later edit, the Stop event), the closest in time.
 */
export function settleModels(events: readonly CaptureEvent[]): CaptureEvent[] {
  const cache = new Map<string, string | null>();
  const out = events.map((e) => {
    if (e.model !== PENDING || !e.pending) return e;
    const resolved = resolvePending(e.pending, { whole: true, cache });
    if (!resolved) return e;
    const { pending: _pending, ...rest } = e;
    return {
      ...rest,
      model: resolved.model,
      requests: [...new Set([...(e.requests ?? []), ...resolved.requests])],
      responses: [...new Set([...(e.responses ?? []), ...resolved.responses])],
    };
  });
  const bySession = new Map<string, CaptureEvent[]>();
  for (const e of out) if (e.session && hasModel(e)) (bySession.get(e.session) ?? bySession.set(e.session, []).get(e.session)!).push(e);
  return out.map((e) => {
    if (hasModel(e) || !e.session) return e;
    const candidates = bySession.get(e.session);
    if (!candidates?.length) return e;
    const t = Date.parse(e.time);
    const nearest = candidates.reduce((a, b) => (Math.abs(Date.parse(b.time) - t) < Math.abs(Date.parse(a.time) - t) ? b : a));
    return { ...e, model: nearest.model };
  });
}

export type Provenance = 'captured' | 'confirmed' | 'self-reported';

/**
 * The statement says, per answer, where it came from: captured and signed without a human
 * looking (no terminal), captured and confirmed at the prompt, or given by the human (typed,
 * changed from the capture, or from the environment). Capture data is recorded whenever there is
 * some, even when the answers disagree with it: that disagreement is what a reviewer wants.
 */
export function withCapture(final: Answers, capture: CapturePrefill | null, how: 'capture' | 'prompt' | 'other'): Answers {
  if (!capture?.entries.length) return final;
  const captured = capture.answers;
  const judge = (same: boolean): Provenance => (how === 'capture' ? 'captured' : how === 'prompt' && same ? 'confirmed' : 'self-reported');
  const toolKey = (a: Answers) => [...new Set(a.tools.map((t) => t.tool))].sort().join(',');
  const modelKey = (a: Answers) => [...new Set(a.tools.map((t) => `${t.tool}:${t.model}`))].sort().join(',');
  const sensitiveKey = (a: Answers) =>
    a.sensitive
      .map((s) => `${s.path}=${[...s.ai].sort().join(',')}`)
      .sort()
      .join(';');
  const provenance = {
    source: how === 'capture' ? 'capture' : how === 'prompt' ? 'prompt' : 'self-reported',
    confirmed: how === 'prompt',
    answers: {
      ai: judge(!!captured && final.ai === captured.ai),
      tools: judge(!!captured && toolKey(final) === toolKey(captured)),
      models: judge(!!captured && modelKey(final) === modelKey(captured)),
      share: judge(!!captured && final.share === captured.share),
      sensitive: judge(!!captured && sensitiveKey(final) === sensitiveKey(captured)),
    },
  };
  const entries = capture.entries.map((e) => ({ ...e }));
  return { ...final, extensions: { ...(final.extensions ?? {}), [CAPTURE_EXTENSION]: entries, [PROVENANCE_EXTENSION]: provenance } };
}
