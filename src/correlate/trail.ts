import { readArchive } from '../capture/store.js';
import type { Predicate } from '../core/model.js';
import { readCommits } from '../git/log.js';
import { readCandidates } from '../read/evaluate/candidates.js';

const CAPTURE_EXTENSION = 'ai-attest.capture';

/** What the trail recorded of one (tool, model) in one commit: the provider ids to look up. */
export interface TrailEntry {
  commit: string;
  subject: string;
  /** Commit author time, ISO 8601. */
  time: string;
  tool: string;
  /** The model capture read from the agent. */
  capturedModel: string;
  /** Models the attestation lists for this tool (what the attester signed). */
  attestedModels: string[];
  requestIds: string[];
  responseIds: string[];
  /** Line digests of what the agent wrote in the calls with these ids (local capture archive). */
  written: Map<string, string[]>;
}

export interface TrailRead {
  commits: number;
  entries: TrailEntry[];
  /** Author times of the range, ISO 8601: the window provider calls are judged in. */
  first?: string;
  last?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function newest(message: string, note: string): Predicate | null {
  let best: Predicate | null = null;
  for (const c of readCandidates(message, note))
    if (c.predicate && !c.problem && (!best || c.predicate.time > best.time)) best = c.predicate;
  return best;
}

/**
 * The provider ids of a range, from one `git log`: each commit's newest statement (decoded; verify
 * judges signatures) and its `ai-attest.capture` extension, plus the written-line digests the local
 * capture archive kept for raw-output comparison.
 */
export async function readTrail(
  revisions: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; logOptions?: string[]; commonDir: string },
): Promise<TrailRead> {
  const entries: TrailEntry[] = [];
  let commits = 0;
  let first: string | undefined;
  let last: string | undefined;
  for await (const r of readCommits(revisions, {
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    ...(options.logOptions ? { logOptions: options.logOptions } : {}),
  })) {
    commits++;
    const time = new Date(r.authorTime * 1000).toISOString();
    if (!first || time < first) first = time;
    if (!last || time > last) last = time;
    if (!r.note && !r.message.includes(CAPTURE_EXTENSION)) continue;
    const predicate = newest(r.message, r.note);
    const captured = predicate?.extensions[CAPTURE_EXTENSION];
    if (!predicate || !captured) continue;
    const archive = readArchive(options.commonDir, r.tree).find((a) => a.parents.join(' ') === r.parents.join(' '));
    for (const item of Array.isArray(captured) ? captured : [captured]) {
      if (!item || typeof item !== 'object') continue;
      const e = item as Record<string, unknown>;
      const requestIds = strings(e.requestIds);
      const responseIds = strings(e.responseIds);
      if (!requestIds.length && !responseIds.length) continue;
      const tool = typeof e.tool === 'string' ? e.tool : '';
      const written = new Map<string, string[]>();
      for (const ev of archive?.events ?? []) {
        if (!ev.written?.length) continue;
        for (const id of [...(ev.requests ?? []), ...(ev.responses ?? [])])
          (written.get(id) ?? written.set(id, []).get(id)!).push(...ev.written);
      }
      entries.push({
        commit: r.commit,
        subject: r.message.split('\n', 1)[0] ?? '',
        time,
        tool,
        capturedModel: typeof e.model === 'string' ? e.model : '',
        attestedModels: predicate.tools.filter((t) => t.tool === tool).map((t) => t.model),
        requestIds,
        responseIds,
        written,
      });
    }
  }
  return { commits, entries, ...(first ? { first } : {}), ...(last ? { last } : {}) };
}
