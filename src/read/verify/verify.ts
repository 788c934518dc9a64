import { ownString } from '../../core/own-string.js';
import { readCommits, type CommitRecord } from '../../git/log.js';
import { repoPaths, type RepoPaths } from '../../git/repo.js';
import { isDeepStrictEqual } from 'node:util';
import { parseKeyFiles, type ParsedKeys } from '../../crypto/keyring.js';
import type { PublicKeyEntry } from '../../crypto/types.js';
import {
  evaluateCommits,
  loadEvaluationContext,
  type EvaluationContext,
  type CheckResult,
  type CommitVerdict,
  type UsedStatement,
  type VerdictStatus,
} from '../evaluate.js';
import type { RangeSpec } from '../range.js';
import { explicitTrust, type TrustRevision } from '../trust/revision.js';
import { subjectOf, VerifyCache } from './cache.js';
import { cacheScope } from './cache-scope.js';
import { startedNow } from '../evaluate/decode-ahead.js';
import { checkAhead } from '../evaluate/check-ahead.js';
import { sharedWorkers } from '../evaluate/worker-pool.js';
import { workTreeKeyFiles } from './speculated-keys.js';
import { applyDetailChecks } from './detail.js';
import { detailCheckApplies } from '../../detail/verify.js';
import { cacheExists, quickVerdicts, rangeAndNotes } from './quick.js';
import { settledVerdicts } from './settled.js';
import { ShownResults, summaryOf } from './shown-results.js';

export interface VerifyOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Trusted keyring folders in addition to the repository's. */
  keyringDirs?: readonly string[];
  /** Warnings fail too. */
  strict?: boolean;
  /**
   * The revision whose objects hold the trusted policy and keyring: a revision (`--trust REV`),
   * or one already chosen (pre-push). Default: see loadEvaluationContext.
   */
  trust?: string | TrustRevision | Promise<TrustRevision>;
  /** Reuse and record verdicts in the verify cache (default true). */
  cache?: boolean;
  /**
   * Decode the statement of commits whose verdict comes from the cache (default true). Output
   * that shows no statements (text, annotations, the hook) saves that work.
   */
  statements?: boolean;
  /**
   * Only warnings and failures will be shown: commits the cache knows passed are not read from
   * git at all, so they come without subject, author or statement (text and annotations).
   */
  quick?: boolean;
  /** Called as commits are verified (progress on a terminal). */
  onCommit?: (done: number) => void;
  /** Told when each phase ends (AI_ATTEST_TRACE=1). */
  trace?: (phase: string) => void;
  /** This repository's git dirs, when the caller reads them anyway (the pre-push hook). */
  paths?: Promise<RepoPaths>;
  /**
   * Keep only what text and annotations show (`outcome.shown`: the counts and each result's first
   * commits) rather than every commit (`outcome.commits` stays empty): a long range's outcome
   * then holds a few dozen commits instead of all of them.
   */
  shownOnly?: boolean;
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
  /** Commits nothing attests in a repository where ai-attest is not set up: unknown, not failed (also counted in warn). */
  unattested: number;
  passed: boolean;
}

export interface VerifyOutcome {
  range: { description: string; revisions: string[] };
  /** Where the policy and keyring were read from (null: an empty range needed none). */
  trust: TrustRevision | null;
  strict: boolean;
  /** The adoption point the trusted policy sets (`exempt.before`), or null. */
  adoptionPoint: string | null;
  /** Every commit of the range, in order; empty with `shownOnly`. */
  commits: VerifiedCommit[];
  /** With `shownOnly`: what text and annotations show, gathered commit by commit (shown-results.ts). */
  shown?: ShownResults;
  summary: VerifySummary;
}

/** What git may write of the log before verify reads it: about 50,000 commits of a real-shaped history. */
const READ_AHEAD = 32 << 20;

/**
 * Verifies a range: one `git log` reads trailers and notes together, and the verdict cache
 * spares the commits verified before. With `quick`, a range the cache knows is not read at all.
 * The range may still be being resolved: the config, keyring and cache load meanwhile.
 */
export async function verifyRange(rangeSpec: RangeSpec | Promise<RangeSpec>, options: VerifyOptions): Promise<VerifyOutcome> {
  const strict = options.strict ?? false;
  const opts = { cwd: options.cwd, env: options.env };
  const trace = options.trace ?? (() => undefined);
  const useCache = options.cache !== false;
  let trustUsed: TrustRevision | null = null;
  let adoptionPoint: string | null = null;
  const gitPaths = options.paths ?? repoPaths(opts);
  gitPaths.catch(() => undefined);
  // A cold run's worker threads decode beside this thread and check the signatures too; they
  // parse the work tree's keys at once and check with them before the trusted keys are known.
  const now = new Date();
  const workers = sharedWorkers({ files: () => workTreeKeyFiles(gitPaths, options.cwd, options.keyringDirs ?? []), now });
  let context: EvaluationContext | null = null;
  const loading = (async () => {
    const paths = await gitPaths;
    const trust = typeof options.trust === 'string' ? explicitTrust(options.trust, opts) : options.trust;
    const ctx = await loadEvaluationContext({
      ...opts,
      paths,
      keyringDirs: options.keyringDirs ?? [],
      requireKeys: true,
      scanRange: true,
      strict,
      range: rangeSpec,
      ...(trust ? { trust } : {}),
      now,
      parseKeys: async (files) => (await workers.parsedFor(files)) ?? parseKeyFiles(files),
    });
    context = ctx;
    trustUsed = ctx.trust;
    adoptionPoint = ctx.exempt.anchor.startsWith('rev:') ? ctx.exempt.anchor.slice(4) : null;
    trace('config and keyring');
    const cache = useCache ? await VerifyCache.load(paths.commonDir, cacheScope(ctx)) : null;
    trace(`cache (${cache?.size ?? 0} verdicts)`);
    return { ctx, cache };
  })();
  // An empty range needs none of it, not even a trusted key.
  loading.catch(() => undefined);
  const range = await rangeSpec;
  const shown = options.shownOnly ? new ShownResults() : null;
  const done = (commits: VerifiedCommit[]): VerifyOutcome => ({
    range: { description: range.description, revisions: range.revisions },
    trust: trustUsed,
    strict,
    adoptionPoint,
    commits: shown ? [] : commits,
    ...(shown ? { shown } : {}),
    summary: shown ? shown.summary() : summaryOf(commits),
  });
  if (range.revisions.length === 0) return done([]);
  // The git calls start as soon as the range is known, while the rest may still load. Without a
  // cache file (a fresh clone, a CI job) nothing can be quick, and the commits git log sends are
  // decoded while the context loads (no verdict to look up first).
  const remembered = useCache && (await cacheExists(gitPaths));
  const quickGit = options.quick && remembered ? rangeAndNotes(range, opts) : null;
  quickGit?.catch(() => undefined);
  // git reads ahead while the config loads, rather than wait on a full pipe (up to READ_AHEAD bytes).
  const source = quickGit ? null : readCommits(range.revisions, { ...opts, logOptions: range.logOptions, readAhead: READ_AHEAD });
  const records = source
    ? !remembered
      ? checkAhead(startedNow(source), loading, workers, {
          limit: DECODE_AHEAD,
          speculationHolds: () => context !== null && speculationHolds(context, workers.speculated(), now),
        })
      : startedNow(source)
    : null;
  try {
    const { ctx, cache } = await loading;
    if (quickGit && cache && cache.size > 0) {
      const quick = await quickVerdicts(range, ctx, cache, quickGit);
      if (quick) {
        trace(`${quick.length} commits, quick`);
        await cache.save();
        const summarised: VerifiedCommit[] = [];
        for (const { verdict, subject, author, cached } of quick.commits) {
          if (shown && nothingToShow(verdict)) shown.count(verdict.status, cached);
          else {
            const c = summarise(verdict, subject, author, cached, strict);
            if (shown) shown.add(c);
            else summarised.push(c);
          }
        }
        await applyDetailChecks(shown ? shown.held : summarised, ctx, opts, strict);
        return done(summarised);
      }
    }
    const commits: VerifiedCommit[] = [];
    const withStatement = options.statements ?? true;
    // A range lists each commit once: an empty cache (a cold run) has nothing to look up.
    const lookup = cache?.size ? (r: CommitRecord) => cache.lookup(r, withStatement) : undefined;
    const input = records ?? readCommits(range.revisions, { ...opts, logOptions: range.logOptions });
    let n = 0;
    for await (const { record, verdict, cached } of evaluateCommits(input, ctx, {
      ...(lookup ? { lookup } : {}),
      ...(remembered ? {} : { workers }),
      settled: settledVerdicts(ctx),
    })) {
      if (!cached) cache?.remember(record, verdict);
      if (n++ === 0) trace('first commit');
      // A commit with nothing to show is only counted when the outcome keeps what is shown.
      if (shown && nothingToShow(verdict)) shown.count(verdict.status, cached);
      else {
        const c = summarise(verdict, subjectOf(record.message), { name: record.authorName, email: record.authorEmail }, cached, strict);
        if (shown) shown.add(c);
        else commits.push(c);
      }
      options.onCommit?.(n);
    }
    trace(`${n} commits`);
    await cache?.save();
    trace('cache saved');
    await applyDetailChecks(shown ? shown.held : commits, ctx, opts, strict);
    return done(commits);
  } finally {
    // Stops git when verification ends early (an error, a bad config).
    await records?.return();
    await workers.close();
  }
}

/**
 * The workers' early checks hold when the trusted keyring is the keys they parsed (the same keys
 * and refusals: no key the range approved, no revocation it brought, whether this run parsed
 * them or read them from the keyring cache) and the run's clock is the one they checked at.
 */
function speculationHolds(ctx: EvaluationContext, parsed: ParsedKeys | null, now: Date): boolean {
  if (!parsed || ctx.now !== now) return false;
  const { keyring } = ctx;
  if (keyring.rejected !== parsed.rejected && !isDeepStrictEqual(keyring.rejected, parsed.rejected)) return false;
  return keyring.keys.size === parsed.keys.length && parsed.keys.every((k) => sameKey(keyring.keys.get(k.fingerprint), k));
}

function sameKey(trusted: PublicKeyEntry | undefined, parsed: PublicKeyEntry): boolean {
  return (
    trusted === parsed ||
    (trusted !== undefined && isDeepStrictEqual({ ...trusted, point: [...trusted.point] }, { ...parsed, point: [...parsed.point] }))
  );
}

/**
 * A verdict that passes with no failure or warning, resting on no statement, or on one the detail
 * check has nothing to say of (so nothing after the range changes it, and ShownResults would only
 * tally it): only counted when the outcome keeps what is shown. Most of an attested range: none
 * of it is copied, held or looked at again.
 */
function nothingToShow(verdict: CommitVerdict): boolean {
  const { results, statement } = verdict;
  for (let i = 0; i < results.length; i++) if (results[i]!.level !== 'pass') return false;
  if (statement === null) return true;
  // A statement's commit has no `unattested` result, which the tally would count: checked all the same.
  for (let i = 0; i < results.length; i++) if (results[i]!.result === 'unattested') return false;
  return !detailCheckApplies(statement);
}

/** Commits decoded ahead at most: a few MB, whatever the range. */
const DECODE_AHEAD = 5_000;

function summarise(
  verdict: CommitVerdict,
  subject: string,
  author: { name: string; email: string },
  cached: boolean,
  strict: boolean,
): VerifiedCommit {
  let results = verdict.results.filter((r) => r.level !== 'pass').map(ownedResult);
  let status = verdict.status;
  if (strict && status === 'warn') {
    results = results.map((r) => ({ ...r, level: 'fail' as const }));
    status = 'fail';
  }
  // An outcome holds every commit of the range: a string cut from git's output (ids, names, the
  // statement's values) would keep its whole 64 KB chunk, and so the range's whole log, alive.
  return {
    commit: ownString(verdict.commit),
    subject,
    author: { name: ownString(author.name), email: ownString(author.email) },
    status,
    cached,
    statement: verdict.statement && ownedStatement(verdict.statement),
    results,
  };
}

/** Messages and fixes name commits, paths and models read from git: as flat strings of their own. */
function ownedResult(r: CheckResult): CheckResult {
  // A result verify's cache shares between commits is copied once, not once per commit.
  let owned = ownedResults.get(r);
  if (!owned) {
    owned = { ...r, message: ownString(r.message), ...(r.fix ? { fix: ownString(r.fix) } : {}) };
    ownedResults.set(r, owned);
  }
  return owned;
}

const ownedResults = new WeakMap<CheckResult, CheckResult>();

/** A statement whose strings share no storage with the message or note it was read from. */
function ownedStatement(s: UsedStatement): UsedStatement {
  return {
    ...s,
    tools: s.tools.map((t) => ({ tool: ownString(t.tool), model: ownString(t.model), via: t.via })),
    sensitive: s.sensitive.map((f) => ({ path: ownString(f.path), category: ownString(f.category), ai: f.ai.map(ownString) })),
    attester: { ...s.attester, name: ownString(s.attester.name), email: ownString(s.attester.email) },
    ...(s.carriedFrom ? { carriedFrom: s.carriedFrom.map(ownString) } : {}),
  };
}
