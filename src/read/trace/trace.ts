import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { BlameLine } from '../../git/blame.js';
import type { RangeChange } from '../../git/line-log.js';
import type { CommitRecord } from '../../git/log.js';
import { explainGitFailure, TraceError } from './errors.js';
import { TRACE_SCHEMA, type HistoryEntry, type TraceRequest, type TraceResult, type TracedCommit } from './model.js';
import { TraceCache } from './cache.js';
import { startTraceReads, type TraceReads } from './reads.js';
import { groupLines, summarize } from './summary.js';
import type { VerdictSource } from './verdicts.js';
import { tracedCommit } from './view.js';

export interface TraceOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Keep the diff of the range per history entry. */
  patch?: boolean;
  /** Take passing verdicts from verify's cache and add to it (default true). */
  cache?: boolean;
}

/**
 * Every commit that changed the lines (one git log -L) and which of them last changed each
 * line (one git blame, at the same time), then one batched read of those commits' messages and
 * notes and verify's evaluation of each. Loading keys and config overlaps the git calls;
 * nothing is spawned per commit. `reads`: the git reads of this request, if already started
 * (startTraceReads, by the lean start before the rest of trace's code loads).
 */
export async function traceLines(
  request: TraceRequest,
  options: TraceOptions,
  reads: TraceReads = startTraceReads(request, options),
): Promise<TraceResult> {
  const { specs, logged, blamed, found, verdicts } = reads;
  // The current directory as git sees it, asked for while git works (an fs call is a thread's round trip).
  const here = realpath(options.cwd);
  here.catch(() => undefined);
  const rev = request.rev;
  const linesOnly = request.linesOnly ?? false;
  const failure = { file: request.file, rev, specs };
  const explain = (error: unknown) => {
    throw explainGitFailure(error, failure);
  };
  // log -L's message for a bad path or range is the better one: it is awaited first.
  await logged.catch(explain);
  await blamed.catch(explain);
  const { fullHistory, lines, history, ids } = await found;

  const { tip, commits } = await tracedCommits(ids, reads, explain);
  if (!tip) throw new TraceError(`--rev ${rev} names no commit: give a branch, tag or commit id.`);
  const ranges = groupLines(lines);
  return {
    schema: TRACE_SCHEMA,
    file: request.file,
    path: await repoRelative(request.file, here, verdicts),
    rev,
    commit: tip,
    ranges: specs,
    follow: request.follow,
    linesOnly,
    lines: ranges,
    history: history.map((h) => historyEntry(h, options.patch ?? false)),
    commits,
    summary: summarize(ranges, commits),
    notes: linesOnly ? [] : notesFor(lines, fullHistory, history),
  };
}

/**
 * The revision's commit and the view of each commit found, in the order found: from the trace
 * cache where it holds them (src/read/trace/cache.ts), else read with one batched `git log` and
 * judged, and then kept there. Without the cache's keys, all are read (started already, as they
 * are where the cache was written for other notes).
 */
async function tracedCommits(
  ids: readonly string[],
  reads: TraceReads,
  explain: (error: unknown) => never,
): Promise<{ tip: string | null; commits: Record<string, TracedCommit> }> {
  const [keys, file] = await Promise.all([reads.keys, reads.cached]);
  const scope = file && (await reads.verdicts.cacheScope());
  const cache = keys && scope ? file!.under(TraceCache.key(scope, keys.notes)) : null;
  const known = new Map<string, TracedCommit>();
  for (const id of cache ? ids : []) {
    const view = cache!.lookup(id);
    if (view) known.set(id, view);
  }
  let tip = keys?.head ?? null;
  if (!cache || known.size < ids.length) {
    const asked = ids.filter((id) => !known.has(id));
    const read = await reads.read(asked).catch(explain);
    tip = read[0]?.commit ?? null;
    // git prints a commit once: the revision's may be one of those asked.
    const byId = new Map(read.map((r) => [r.commit, r]));
    const records = asked.map((id) => byId.get(id)).filter((r): r is CommitRecord => r !== undefined);
    const judged = await reads.verdicts.judge(records);
    for (const record of records) {
      const verdict = judged.get(record.commit);
      if (!verdict) continue;
      const view = tracedCommit(record, verdict);
      known.set(record.commit, view);
      cache?.remember(view);
    }
    cache?.save();
  }
  const commits: Record<string, TracedCommit> = {};
  for (const id of ids) {
    const view = known.get(id);
    if (view) commits[id] = view;
  }
  return { tip, commits };
}

function historyEntry(change: RangeChange, patch: boolean): HistoryEntry {
  const { patch: diff, ...entry } = change;
  return patch ? { ...entry, patch: diff } : entry;
}

/** git resolves the file against the current directory; reports name it from the top. */
async function repoRelative(file: string, cwd: Promise<string>, verdicts: VerdictSource): Promise<string> {
  const top = await verdicts.top();
  if (!top) return file;
  return relative(top, resolve(await cwd, file))
    .split(sep)
    .join('/');
}

function notesFor(lines: readonly BlameLine[], fullHistory: readonly RangeChange[], history: readonly RangeChange[]): string[] {
  const notes: string[] = [];
  if (history.length < fullHistory.length) {
    const older = fullHistory[history.length]!;
    const shown = new Set(history.map((h) => h.commit));
    const count = lines.filter((l) => !shown.has(l.commit)).length;
    notes.push(
      `the history stops where the file got its current name (it was ${older.path ?? older.previousPath} before)` +
        `${count ? `; ${count} of the lines date from before that` : ''}: add --follow to see ` +
        `${fullHistory.length - history.length} older commit(s).`,
    );
  }
  if (!fullHistory.length) notes.push('no commit in the history of these lines: is the file committed at this revision?');
  return notes;
}
