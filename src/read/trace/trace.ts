import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { BlameLine } from '../../git/blame.js';
import type { RangeChange } from '../../git/line-log.js';
import type { CommitRecord } from '../../git/log.js';
import { explainGitFailure, TraceError } from './errors.js';
import { TRACE_SCHEMA, type HistoryEntry, type TraceRequest, type TraceResult, type TracedCommit } from './model.js';
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
  const { specs, logged, blamed, found, read, verdicts } = reads;
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

  const [tip, ...records] = await read.catch(explain);
  if (!tip) throw new TraceError(`--rev ${rev} names no commit: give a branch, tag or commit id.`);
  const byId = new Map<string, CommitRecord>([tip, ...records].map((r) => [r.commit, r]));
  const judged = await verdicts.judge(ids.map((id) => byId.get(id)).filter((r): r is CommitRecord => r !== undefined));

  const commits: Record<string, TracedCommit> = {};
  for (const id of ids) {
    const record = byId.get(id);
    const verdict = judged.get(id);
    if (record && verdict) commits[id] = tracedCommit(record, verdict);
  }
  const ranges = groupLines(lines);
  return {
    schema: TRACE_SCHEMA,
    file: request.file,
    path: await repoRelative(request.file, options.cwd, verdicts),
    rev,
    commit: tip.commit,
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

function historyEntry(change: RangeChange, patch: boolean): HistoryEntry {
  const { patch: diff, ...entry } = change;
  return patch ? { ...entry, patch: diff } : entry;
}

/** git resolves the file against the current directory; reports name it from the top. */
async function repoRelative(file: string, cwd: string, verdicts: VerdictSource): Promise<string> {
  const top = await verdicts.top();
  if (!top) return file;
  return relative(top, resolve(await realpath(cwd), file))
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
