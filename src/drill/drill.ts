import { ADAPTERS } from '../capture/adapters/index.js';
import { catFileBatch } from '../git/tree-files.js';
import { filesWithSizes, pathsChangedSince } from '../git/drill.js';
import { readLineCountsById } from '../git/numstat.js';
import { repoPaths, resolveCommit } from '../git/repo.js';
import { defaultDetailPolicy } from '../config/defaults.js';
import { compileGlob, GlobError } from '../config/glob.js';
import { AttestError } from '../errors.js';
import { loadEvaluationContext } from '../read/evaluate.js';
import { traceLines } from '../read/trace/trace.js';
import type { TraceResult } from '../read/trace/model.js';
import { assessContribution, scorecard } from './assess.js';
import { DRILL_SCHEMA, type ContributionReport, type DrillResult, type Gap, type RangeReport } from './model.js';
import { detailReadability } from './detail-readable.js';
import { leftBehindGaps, remoteNoteGaps } from './notes.js';
import { mulberry32 } from '../core/random.js';
import { countLines, sampleRanges, subsampleBySize } from './sample.js';
import { keyGaps, toolGaps } from './trail-gaps.js';

export interface DrillOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  count: number;
  seed: number;
  rev?: string;
  /** Sample only files matching this glob (repository-relative). */
  paths?: string;
  /** Sample only files matching the config's sensitive globs. */
  sensitive?: boolean;
  /** Only files changed, and contributions made, since this date (as git log --since reads it). */
  since?: string;
  /** Compare the notes with this remote's (fetched into its tracking ref). */
  remote?: string;
  /** Lines per range. */
  span?: number;
  now?: Date;
  onRange?: (done: number, total: number) => void;
}

const CAPTURED_SOURCES = new Set(['events', 'capture']);

/** Files read to sample from, at most: a bounded read on any repository. */
const MAX_FILES = 3_000;

/**
 * A fire drill: line ranges drawn at random (the same for the same seed and tree), each traced
 * as an incident responder would (`ai-attest trace`), every gap that investigation would hit
 * listed, and a scorecard of the five facts found per AI contribution.
 */
export async function drill(options: DrillOptions): Promise<DrillResult> {
  const git = { cwd: options.cwd, env: options.env };
  const paths = await repoPaths(git);
  if (!paths.top)
    throw new AttestError('ai-attest drill traces lines of a checked-out repository: run it in a work tree, not a bare repository.');
  const top = { cwd: paths.top, env: options.env };
  const rev = options.rev ?? 'HEAD';
  const commit = await resolveCommit(rev, top);
  if (!commit)
    throw new AttestError(`--rev ${rev} names no commit: give a branch, tag or commit id (an empty repository has nothing to drill).`);
  const ctx = await loadEvaluationContext({ cwd: paths.top, env: options.env, paths });
  const now = options.now ?? new Date();

  const random = mulberry32(options.seed);
  // The trail's own files (config, keys, recipients) are not code an incident is about.
  let files = (await filesWithSizes(commit, top)).filter((f) => !f.path.startsWith('.ai-attest/'));
  let scope = 'all files';
  if (options.sensitive) {
    files = files.filter((f) => ctx.matchSensitive(f.path) !== null);
    scope = 'sensitive paths';
  } else if (options.paths) {
    let match;
    try {
      match = compileGlob(options.paths);
    } catch (error) {
      if (error instanceof GlobError) throw new AttestError(`--paths ${options.paths}: ${error.message}.`);
      throw error;
    }
    files = files.filter((f) => match(f.path));
    scope = options.paths;
  }
  if (options.since) {
    const changed = await pathsChangedSince(commit, options.since, top);
    files = files.filter((f) => changed.has(f.path));
  }
  const candidates = subsampleBySize(files, MAX_FILES, random);
  const blobs = await catFileBatch(
    candidates.map((f) => f.oid),
    top,
  );
  const sized = candidates.map((f, i) => ({ path: f.path, lines: countLines(blobs[i]!) ?? 0 }));
  const ranges = sampleRanges(sized, options.count, options.seed, options.span ?? 10);

  const traced: Array<{ range: (typeof ranges)[number]; result: TraceResult }> = [];
  for (const [i, range] of ranges.entries()) {
    // A drill judges afresh: a cached verdict is what the drill is there to question.
    const result = await traceLines(
      { file: range.path, specs: [`${range.start},${range.end}`], rev: commit, follow: false },
      { cwd: paths.top, env: options.env, cache: false },
    );
    traced.push({ range, result });
    options.onRange?.(i + 1, ranges.length);
  }

  const sinceTime = options.since ? sinceDate(options.since, now) : null;
  const aiCommits = [
    ...new Set(
      traced.flatMap(({ result }) =>
        Object.values(result.commits)
          .filter((c) => c.attestation.ai === 'used')
          .map((c) => c.commit),
      ),
    ),
  ];
  const aiLines = await aiLinesOf(aiCommits, traced, top);
  const detailPolicy = ctx.config.detail ?? defaultDetailPolicy();
  const withDetail = [
    ...new Set(
      traced.flatMap(({ result }) =>
        Object.values(result.commits)
          .filter((c) => c.attestation.ai === 'used' && c.attestation.detail.recorded)
          .map((c) => c.commit),
      ),
    ),
  ];
  const readable = await detailReadability(withDetail, commit, top);

  const reports: RangeReport[] = traced.map(({ range, result }) => {
    const perCommit = new Map<string, number>();
    for (const l of result.lines) perCommit.set(l.commit, (perCommit.get(l.commit) ?? 0) + (l.end - l.start + 1));
    const contributions: ContributionReport[] = [];
    for (const [id, lines] of perCommit) {
      const c = result.commits[id];
      if (!c) continue;
      if (sinceTime && Date.parse(c.committer.time) < sinceTime) continue;
      contributions.push(
        assessContribution(c, lines, { detail: detailPolicy, aiLines: aiLines.get(id) ?? null, detailReadable: readable.get(id) ?? null }),
      );
    }
    return { path: range.path, start: range.start, end: range.end, contributions };
  });

  const all = reports.flatMap((r) => r.contributions);
  const used = new Set(all.filter((c) => c.ai === 'used' && c.verified).flatMap((c) => c.tools.map((t) => t.tool)));
  // A tool is instrumented when capture has an adapter for it, or has recorded its work (a
  // generic event, `ai-attest record --event`, brings any tool in without a release).
  const captured = new Set([
    ...ADAPTERS.map((a) => a.tool),
    ...traced.flatMap(({ result }) =>
      Object.values(result.commits)
        .filter((c) => CAPTURED_SOURCES.has(String(c.attestation.source)))
        .flatMap((c) => c.attestation.tools.map((t) => t.tool)),
    ),
  ]);
  const repositoryGaps: Gap[] = [
    ...keyGaps([...ctx.keyring.keys.values()], now),
    ...toolGaps(used, ctx.config.tools, captured),
    ...(options.remote ? await remoteNoteGaps(options.remote, [...new Set(all.map((c) => c.commit))], top) : []),
    ...(await leftBehindGaps({ ...top, gitDir: paths.gitDir, commonDir: paths.commonDir })),
  ];
  const gaps = dedupe([...all.flatMap((c) => c.gaps), ...repositoryGaps]);
  return {
    schema: DRILL_SCHEMA,
    rev,
    commit,
    seed: options.seed,
    count: options.count,
    scope,
    since: options.since ?? null,
    remote: options.remote ?? null,
    ranges: reports,
    repositoryGaps,
    scorecard: scorecard(dedupeContributions(all), reports.length, gaps.length),
    gaps,
  };
}

/** Added lines x declared share / 100 of each AI commit: one batched numstat read. */
async function aiLinesOf(
  ids: string[],
  traced: Array<{ result: TraceResult }>,
  git: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const share = new Map<string, number>();
  for (const { result } of traced)
    for (const c of Object.values(result.commits)) if (c.attestation.share !== null) share.set(c.commit, c.attestation.share);
  for await (const lines of readLineCountsById(ids, git)) {
    out.set(lines.commit, (lines.added * (share.get(lines.commit) ?? 100)) / 100);
  }
  return out;
}

function sinceDate(since: string, now: Date): number {
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new AttestError(`--since ${since}: give a date such as 2026-09-01.`);
  return Math.min(t, now.getTime());
}

function dedupe(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const key = `${g.kind}\0${g.subject}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A commit behind two drilled ranges is one contribution in the scorecard. */
function dedupeContributions(all: ContributionReport[]): ContributionReport[] {
  return [...new Map(all.map((c) => [c.commit, c])).values()];
}
