import { blameLines, type BlameLine } from '../../git/blame.js';
import { lineLog, type RangeChange } from '../../git/line-log.js';
import { collectCommitsOnceKnown, type CommitRecord } from '../../git/log.js';
import { prefetchedTraceKeys, type TraceKeys } from '../../git/trace-keys.js';
import { TraceError } from './errors.js';
import type { TraceRequest } from './model.js';
import { TraceCache, type TraceCacheFile } from './cache.js';
import { checkSpecs } from './specs.js';
import { startVerdicts, type VerdictSource } from './verdicts.js';

/** What git says about the traced lines, as promises: the reads run while the rest loads. */
export interface TraceReads {
  specs: string[];
  /** Every commit that changed the lines (log -L), across renames; [] with --no-history. */
  logged: Promise<RangeChange[]>;
  /** The lines view: git blame's own answer. */
  blamed: Promise<BlameLine[]>;
  /** Both, with the history cut at a rename unless --follow, and every commit they name. */
  found: Promise<FoundLines>;
  /**
   * HEAD's commit and the notes tip, where sh read them before Node (src/git/trace-keys.ts): the
   * trace cache's keys. null otherwise.
   */
  keys: Promise<TraceKeys | null>;
  /** The trace cache's file, read once the keys are known; null without them. */
  cached: Promise<TraceCacheFile | null>;
  /**
   * The records of the revision's commit, then of the commits asked for (`found.ids` unless the
   * trace cache holds them; see traceLines), in that order.
   */
  read(ids: readonly string[]): Promise<CommitRecord[]>;
  /** verify's verdicts, its context (config, keyring, cache) loading meanwhile. */
  verdicts: VerdictSource;
}

export interface FoundLines {
  fullHistory: RangeChange[];
  history: RangeChange[];
  lines: BlameLine[];
  ids: string[];
}

/**
 * Checks the request and starts its git reads: log -L and blame at once, verify's context, and
 * the `git log` of the commits they name, started now and told which once they have said (unless
 * the trace cache may hold them: then only for those it lacks). The lean start calls it before the
 * rest of trace's code (output, detail) loads.
 */
export function startTraceReads(
  request: TraceRequest,
  options: { cwd: string; env: NodeJS.ProcessEnv; patch?: boolean; cache?: boolean },
): TraceReads {
  const specs = checkSpecs(request.specs, request.file);
  const rev = request.rev;
  if (!rev || rev.startsWith('-') || /[\n\r]/.test(rev))
    throw new TraceError(`--rev ${JSON.stringify(rev)}: give a branch, tag or commit id.`);
  if (!request.file) throw new TraceError('which file? ai-attest trace FILE -L START,END');
  const linesOnly = request.linesOnly ?? false;
  if (linesOnly && (request.follow || options.patch)) {
    throw new TraceError(
      `--no-history reads no history to ${request.follow ? 'follow' : 'patch'}: drop --no-history ` +
        `or --${request.follow ? 'follow' : 'patch'}.`,
    );
  }
  const git = { cwd: options.cwd, env: options.env };
  // git first: it is the critical path, and every spawn holds the event loop for a while.
  const logged: Promise<RangeChange[]> = linesOnly ? Promise.resolve([]) : lineLog(request.file, specs, rev, git);
  // The lines view is git blame's own answer: log -L diffs without the indent heuristic blame
  // uses, so the last change of a line read off its output differs where a hunk can slide.
  const blamed = blameLines(request.file, specs, rev, git);
  const found = Promise.all([logged, blamed]).then(([fullHistory, lines]): FoundLines => {
    const history = request.follow ? fullHistory : untilRename(fullHistory);
    return { fullHistory, lines, history, ids: [...new Set([...history.map((h) => h.commit), ...lines.map((l) => l.commit)])] };
  });
  // With the keys the trace cache needs at hand (sh read them), a commit traced before needs no
  // `git log` and no evaluation: where the cache was written for these notes, the commits' reader
  // starts only for those it lacks, and verify's cache loads only if one is left to judge.
  const keys = options.cache === false ? Promise.resolve(null) : prefetchedTraceKeys(git);
  const cached = keys.then((k) => k && TraceCache.read(k.commonDir, k.notes));
  const deferred = cached.then((file) => file !== null && !file.stale);
  // The context's first git processes before the commits' reader: on a loaded machine each
  // spawn waits for a core, and the context's chain of them can take as long as blame.
  const verdicts = startVerdicts(
    git,
    options.cache ?? true,
    deferred.then((yes) => !yes),
    rev,
  );
  // Otherwise the commits' messages and notes: git starts now and is told which once blame and
  // log -L have said. The revision goes first so that its id comes back too, in the order given.
  const early = deferred.then((yes) =>
    yes
      ? null
      : collectCommitsOnceKnown(
          found.then(({ ids }) => [rev, ...ids]),
          git,
        ),
  );
  const read = (ids: readonly string[]) => early.then((started) => started ?? collectCommitsOnceKnown(Promise.resolve([rev, ...ids]), git));
  // Awaited by the trace; until then (or if it never comes) a failure must not count as unhandled.
  for (const p of [logged, blamed, found, keys, cached, early]) p.catch(() => undefined);
  return { specs, logged, blamed, found, keys, cached, read, verdicts };
}

/**
 * As `git log` without --follow: the history of the file under its current name. The commit
 * that renamed it while changing the lines is the last one kept; a pure rename is not in the
 * line history at all, so the cut falls between two commits under different names.
 */
function untilRename(history: readonly RangeChange[]): RangeChange[] {
  const current = history.find((h) => h.path)?.path;
  const kept: RangeChange[] = [];
  for (const h of history) {
    if (h.path !== null && h.path !== current) break;
    kept.push(h);
    if (h.previousPath !== null) break;
  }
  return kept;
}
