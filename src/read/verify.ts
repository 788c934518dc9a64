import { readCommits, type CommitRecord } from '../git/log.js';
import { repoPaths } from '../git/repo.js';
import { evaluateCommits, loadEvaluationContext, type CheckResult, type CommitVerdict, type UsedStatement, type VerdictStatus } from './evaluate.js';
import type { RangeSpec } from './range.js';
import { VerifyCache } from './verify-cache.js';

export interface VerifyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Trusted keyring folders in addition to the repository's. */
  keyringDirs?: readonly string[];
  /** Warnings fail too. */
  strict?: boolean;
  /** Reuse and record verdicts in the verify cache (default true). */
  cache?: boolean;
  /**
   * Decode the statement of commits whose verdict comes from the cache (default true). Output
   * that shows no statements (text, annotations, the hook) saves that work.
   */
  statements?: boolean;
  /** Called as commits are verified (progress on a terminal). */
  onCommit?: (done: number) => void;
}

export interface VerifiedCommit {
  commit: string;
  subject: string;
  author: { name: string; email: string };
  status: VerdictStatus;
  cached: boolean;
  statement: UsedStatement | null;
  /** Warnings and failures only (a passing commit has none); `ai-attest show` lists every check. */
  results: CheckResult[];
}

export interface VerifySummary {
  commits: number;
  ok: number;
  carried: number;
  exempt: number;
  warn: number;
  fail: number;
  cached: number;
  passed: boolean;
}

export interface VerifyOutcome {
  range: { description: string; revisions: string[] };
  strict: boolean;
  commits: VerifiedCommit[];
  summary: VerifySummary;
}

/** Verifies a range with one `git log` (trailers and notes together) and the verdict cache. */
export async function verifyRange(range: RangeSpec, options: VerifyOptions): Promise<VerifyOutcome> {
  const opts = { cwd: options.cwd, env: options.env };
  const strict = options.strict ?? false;
  const commits: VerifiedCommit[] = [];
  if (range.revisions.length > 0) {
    // git log starts first and runs while the config, keyring and cache load.
    const source = readCommits(range.revisions, { ...opts, logOptions: range.logOptions });
    const records = started(source);
    try {
      const paths = await repoPaths(opts);
      const ctx = await loadEvaluationContext({ ...opts, paths, keyringDirs: options.keyringDirs ?? [], requireKeys: true });
      const cache = options.cache === false ? null : await VerifyCache.load(paths.commonDir, ctx.digest);
      const withStatement = options.statements ?? true;
      const lookup = cache ? (r: CommitRecord) => cache.lookup(r, withStatement) : undefined;
      for await (const { record, verdict, cached } of evaluateCommits(records, ctx, lookup ? { lookup } : {})) {
        if (!cached) cache?.remember(record, verdict);
        commits.push(summarise(record, verdict, cached, strict));
        options.onCommit?.(commits.length);
      }
      await cache?.save();
    } finally {
      // Stops git when verification ends early (an error, a bad config).
      await records.return(undefined);
      await source.return(undefined);
    }
  }
  return { range: { description: range.description, revisions: range.revisions }, strict, commits, summary: summaryOf(commits) };
}

function summarise(record: CommitRecord, verdict: CommitVerdict, cached: boolean, strict: boolean): VerifiedCommit {
  let results = verdict.results.filter((r) => r.level !== 'pass');
  let status = verdict.status;
  if (strict && status === 'warn') {
    results = results.map((r) => ({ ...r, level: 'fail' as const }));
    status = 'fail';
  }
  const eol = record.message.indexOf('\n');
  return {
    commit: record.commit,
    // A copy, not a slice: a slice would keep the whole message alive.
    subject: (` ${eol < 0 ? record.message : record.message.slice(0, eol)}`).slice(1),
    author: { name: record.authorName, email: record.authorEmail },
    status,
    cached,
    statement: verdict.statement,
    results,
  };
}

function summaryOf(commits: readonly VerifiedCommit[]): VerifySummary {
  const summary: VerifySummary = { commits: commits.length, ok: 0, carried: 0, exempt: 0, warn: 0, fail: 0, cached: 0, passed: true };
  for (const c of commits) {
    summary[c.status]++;
    if (c.cached) summary.cached++;
  }
  summary.passed = summary.fail === 0;
  return summary;
}

/** The same records, with git already started: the first one is asked for now. */
function started<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  const first = source.next();
  first.catch(() => undefined);
  return (async function* () {
    const head = await first;
    if (head.done) return;
    yield head.value;
    yield* source;
  })();
}
