import type { DuckDBConnection } from '@duckdb/node-api';
import { FAMILY_ALPHA, holm, MIN_EXPECTED, MIN_SAMPLE, twoProportionZ } from '../../read/report/stats.js';
import { STORE_SCHEMA_VERSION } from '../schema.js';
import { DASHBOARD_SCHEMA, type Dashboard, type DeveloperMetric, type DeveloperRow, type StateTotals } from './model.js';
import type { Period } from './period.js';

/** Below this many captured lines a model's rework share says more about chance than about the model. */
export const MIN_REWORK_LINES = 100;

type Value = string | number | bigint | boolean | null;
type Obj = Record<string, Value>;

const ratio = (x: number, n: number) => (n > 0 ? x / n : null);
const n = (v: Value | undefined) => Number(v ?? 0);

/** The state counts as SQL sums over commit_rollup (schema.ts). */
const STATE_SQL = `sum(c.commits) AS commits, sum(c.in_scope) AS in_scope, sum(c.used) AS used, sum(c."none") AS "none",
  sum(c.undeclared) AS undeclared, sum(c.unattested) AS unattested, sum(c.rejected) AS rejected, sum(c.exempt) AS exempt`;

function totalsOf(r: Obj): StateTotals {
  const t = {
    commits: n(r.commits),
    inScope: n(r.in_scope),
    used: n(r.used),
    none: n(r.none),
    undeclared: n(r.undeclared),
    unattested: n(r.unattested),
    rejected: n(r.rejected),
    exempt: n(r.exempt),
  };
  return {
    ...t,
    aiShare: t.used + t.none + t.undeclared > 0 ? ratio(t.used, t.inScope) : null,
    attestationRate: ratio(t.used + t.none + t.undeclared, t.inScope),
    unknownShare: ratio(t.unattested + t.rejected + t.undeclared, t.inScope),
  };
}

/** Receives each query's name and wall time (the bench's per-question figures). */
export type QueryTimer = (name: string, ms: number) => void;

async function rows(db: DuckDBConnection, sql: string, params: Value[], name: string, timer?: QueryTimer): Promise<Obj[]> {
  const start = performance.now();
  const out = (await db.runAndReadAll(sql, params as never)).getRowObjects() as Obj[];
  timer?.(name, performance.now() - start);
  return out;
}

/**
 * The four questions compliance asks of the organisation's trail, over the commits of a period
 * (committer time), each one aggregate query over the store.
 */
export async function buildDashboard(
  db: DuckDBConnection,
  period: Period | null,
  now = new Date(),
  timer?: QueryTimer,
): Promise<Dashboard> {
  // Periods are whole months, so the monthly rollups answer them exactly.
  const where = period ? `month >= $1 AND month < $2` : 'TRUE';
  const params: Value[] = period ? [period.from.slice(0, 7), period.to.slice(0, 7)] : [];
  const scope = `(SELECT * FROM commit_rollup WHERE ${where})`;
  const granularity = period ? 'month' : 'quarter';

  const total = await rows(
    db,
    `SELECT ${STATE_SQL}, count(DISTINCT c.repository) AS repositories, sum(c.captured) AS captured,
      sum(c.commits_with_unattested_signals) AS unattested_signals FROM ${scope} c`,
    params,
    'totals',
    timer,
  );
  const months = await rows(
    db,
    `SELECT c.month, ${STATE_SQL} FROM ${scope} c GROUP BY c.month ORDER BY c.month`,
    params,
    'timeline',
    timer,
  );
  const repos = await rows(
    db,
    `SELECT r.name, ${STATE_SQL}, sum(c.commits_with_unattested_signals) AS unattested_signals ` +
      `FROM ${scope} c JOIN repositories r USING (repository) GROUP BY r.name ORDER BY r.name`,
    params,
    'AI share by repository',
    timer,
  );
  const sensitive = await rows(
    db,
    `SELECT r.name, sum(c.in_scope) AS in_scope, sum(c.used) AS ai, sum(c.ai_sensitive) AS ai_sensitive,
            sum(c.ai_sensitive_files) AS ai_files
     FROM ${scope} c JOIN repositories r USING (repository) GROUP BY r.name`,
    params,
    'sensitive paths by repository',
    timer,
  );
  const capture = await rows(
    db,
    `SELECT model, sum(commits) AS commits, sum(raw_lines) AS raw, sum(kept_lines) AS kept FROM ` +
      `capture_rollup WHERE ${where} GROUP BY model`,
    params,
    'model rework',
    timer,
  );
  const developers = await developerMetrics(db, scope, params, timer);

  const sensitiveRows = sensitive
    .map((r) => {
      const inScope = n(r.in_scope);
      const ai = n(r.ai);
      const aiSensitive = n(r.ai_sensitive);
      return {
        name: String(r.name),
        inScope,
        aiCommits: ai,
        aiSensitiveCommits: aiSensitive,
        rate: ratio(aiSensitive, inScope),
        shareOfAi: ratio(aiSensitive, ai),
        aiSensitiveFiles: n(r.ai_files),
      };
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.aiSensitiveCommits - a.aiSensitiveCommits || a.name.localeCompare(b.name));

  const rework = capture
    .map((r) => ({
      model: String(r.model),
      commits: n(r.commits),
      rawLines: n(r.raw),
      keptLines: n(r.kept),
      reworkedShare: ratio(n(r.raw) - n(r.kept), n(r.raw)),
    }))
    .filter((r) => r.rawLines >= MIN_REWORK_LINES)
    .sort((a, b) => (b.reworkedShare ?? -1) - (a.reworkedShare ?? -1) || a.model.localeCompare(b.model));

  return {
    schema: DASHBOARD_SCHEMA,
    generatedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    storeSchemaVersion: STORE_SCHEMA_VERSION,
    period: period ? { label: period.label, from: period.from, to: period.to } : null,
    totals: { ...totalsOf(total[0] ?? {}), repositories: n(total[0]?.repositories), unattestedSignals: n(total[0]?.unattested_signals) },
    timeline: { granularity, rows: fillBuckets(byBucket(months, granularity), granularity, period) },
    repositories: repos.map((r) => ({ name: String(r.name), ...totalsOf(r), unattestedSignals: n(r.unattested_signals) })),
    sensitive: sensitiveRows,
    developers,
    rework: { minRawLines: MIN_REWORK_LINES, rows: rework, capturedCommits: n(total[0]?.captured) },
  };
}

const STATE_KEYS = ['commits', 'in_scope', 'used', 'none', 'undeclared', 'unattested', 'rejected', 'exempt'] as const;

/** Monthly rows summed into the timeline's buckets (quarters are three months). */
function byBucket(months: Obj[], granularity: 'month' | 'quarter'): Array<{ period: string } & StateTotals> {
  const sums = new Map<string, Obj>();
  for (const m of months) {
    const key = bucketOf(String(m.month), granularity);
    const acc = sums.get(key) ?? Object.fromEntries(STATE_KEYS.map((k) => [k, 0]));
    for (const k of STATE_KEYS) acc[k] = n(acc[k]) + n(m[k]);
    sums.set(key, acc);
  }
  return [...sums].map(([period, r]) => ({ period, ...totalsOf(r) }));
}

/** Every month or quarter from the first to the last (or across the period), the empty ones as zeros: gaps are visible. */
export function fillBuckets<T extends { period: string }>(
  rows: T[],
  granularity: 'month' | 'quarter',
  period: Period | null,
): Array<T | ({ period: string } & StateTotals)> {
  const keys = rows.map((r) => r.period);
  const first = period ? bucketOf(period.from, granularity) : keys[0];
  const last = period ? bucketOf(new Date(Date.parse(period.to) - 1).toISOString(), granularity) : keys[keys.length - 1];
  if (!first || !last) return rows;
  const byKey = new Map(rows.map((r) => [r.period, r]));
  const out: Array<T | ({ period: string } & StateTotals)> = [];
  for (let k = first, guard = 0; guard < 1200; k = nextBucket(k, granularity), guard++) {
    out.push(byKey.get(k) ?? { period: k, ...totalsOf({}) });
    if (k >= last) break;
  }
  return out;
}

/** The bucket of a YYYY-MM month or an ISO time. */
function bucketOf(time: string, granularity: 'month' | 'quarter'): string {
  const y = time.slice(0, 4);
  const m = Number(time.slice(5, 7));
  return granularity === 'month' ? `${y}-${time.slice(5, 7)}` : `${y}-Q${Math.ceil(m / 3)}`;
}

function nextBucket(key: string, granularity: 'month' | 'quarter'): string {
  const y = Number(key.slice(0, 4));
  if (granularity === 'quarter') {
    const q = Number(key.slice(6));
    return q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`;
  }
  const m = Number(key.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const METRICS = [
  {
    id: 'ai-declared',
    title: 'Declare AI unlike their peers',
    definition: 'commits attested "AI involved" out of commits attested either way (AI or no AI)',
    x: 'used',
    n: 'declared',
  },
  {
    id: 'attested',
    title: 'Attest unlike their peers',
    definition: 'commits carrying a verified attestation out of the commits that need one',
    x: 'attested',
    n: 'in_scope',
  },
] as const;

async function developerMetrics(db: DuckDBConnection, scope: string, params: Value[], timer?: QueryTimer): Promise<DeveloperMetric[]> {
  const start = performance.now();
  const authors = await rows(
    db,
    `SELECT author_email AS email, max(author_name) AS name,
       sum(used) AS used, sum(used + "none") AS declared, sum(used + "none" + undeclared) AS attested, sum(in_scope) AS in_scope
     FROM ${scope} GROUP BY author_email`,
    params,
    'developers (query)',
  );
  const metrics = METRICS.map((metric): DeveloperMetric => {
    const totalX = authors.reduce((s, a) => s + n(a[metric.x]), 0);
    const totalN = authors.reduce((s, a) => s + n(a[metric.n]), 0);
    const all: DeveloperRow[] = authors.map((a) => {
      const x = n(a[metric.x]);
      const trials = n(a[metric.n]);
      const outcome = twoProportionZ(x, trials, totalX - x, totalN - trials);
      return {
        email: String(a.email),
        name: String(a.name),
        repositories: 0,
        x,
        n: trials,
        rate: ratio(x, trials),
        restRate: ratio(totalX - x, totalN - trials),
        z: outcome.tested ? outcome.test.z : null,
        p: outcome.tested ? outcome.test.p : null,
        flagged: false,
        untested: outcome.tested ? '' : outcome.reason,
      };
    });
    const tested = all.filter((d) => d.p !== null);
    const decisions = holm(tested.map((d) => d.p!));
    tested.forEach((d, i) => (d.flagged = decisions[i]!.significant));
    const byDistance = [...tested].sort((a, b) => Math.abs(b.z!) - Math.abs(a.z!) || a.email.localeCompare(b.email));
    return {
      id: metric.id,
      title: metric.title,
      definition: metric.definition,
      test: {
        name: 'two-proportion z-test (pooled), one developer against all others',
        alternative: 'two-sided',
        alpha: FAMILY_ALPHA,
        correction: 'holm',
        minSample: MIN_SAMPLE,
        minExpected: MIN_EXPECTED,
      },
      tested: tested.length,
      flagged: byDistance.filter((d) => d.flagged),
      top: byDistance.slice(0, 20),
    };
  });
  await countRepositories(
    db,
    scope,
    params,
    metrics.flatMap((m) => [...m.top, ...m.flagged]),
  );
  timer?.('developers unlike their peers (query and tests)', performance.now() - start);
  return metrics;
}

/**
 * Repositories per listed developer: counted for the few shown, not in the main aggregate, where
 * a distinct count per developer over the whole organisation costs more than everything else.
 * Emails travel as one bound parameter (NUL-separated: git refuses NUL in an identity).
 */
async function countRepositories(db: DuckDBConnection, scope: string, params: Value[], shown: DeveloperRow[]): Promise<void> {
  if (!shown.length) return;
  const emails = [...new Set(shown.map((d) => d.email))];
  const list = `$${params.length + 1}`;
  const counts = await rows(
    db,
    `SELECT author_email AS email, count(DISTINCT repository) AS n FROM ${scope} WHERE ` +
      `author_email IN (SELECT unnest(string_split(${list}, chr(0)))) GROUP BY 1`,
    [...params, emails.join('\0')],
    'developers (repositories)',
  );
  const byEmail = new Map(counts.map((r) => [String(r.email), n(r.n)]));
  for (const d of shown) d.repositories = byEmail.get(d.email) ?? 0;
}
