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

/** The state counts as SQL aggregates (one pass over the commits). */
const STATE_SQL = `count(*) AS commits,
  count(*) FILTER (WHERE state <> 'exempt') AS in_scope,
  count(*) FILTER (WHERE state = 'used') AS used,
  count(*) FILTER (WHERE state = 'none') AS "none",
  count(*) FILTER (WHERE state = 'undeclared') AS undeclared,
  count(*) FILTER (WHERE state = 'unattested') AS unattested,
  count(*) FILTER (WHERE state = 'rejected') AS rejected,
  count(*) FILTER (WHERE state = 'exempt') AS exempt`;

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
    aiShare: ratio(t.used, t.inScope),
    attestationRate: ratio(t.used + t.none + t.undeclared, t.inScope),
    unknownShare: ratio(t.unattested + t.rejected + t.undeclared, t.inScope),
  };
}

async function rows(db: DuckDBConnection, sql: string, params: Value[]): Promise<Obj[]> {
  return (await db.runAndReadAll(sql, params as never)).getRowObjects() as Obj[];
}

/**
 * The four questions compliance asks of the organisation's trail, over the commits of a period
 * (committer time), each one aggregate query over the store.
 */
export async function buildDashboard(db: DuckDBConnection, period: Period | null, now = new Date()): Promise<Dashboard> {
  const where = period ? `committer_time >= $1::TIMESTAMP AND committer_time < $2::TIMESTAMP` : 'TRUE';
  const params: Value[] = period ? [period.from.slice(0, 19), period.to.slice(0, 19)] : [];
  const scope = `(SELECT * FROM commits WHERE ${where})`;
  const granularity = period ? 'month' : 'quarter';
  const bucket = granularity === 'month' ? `strftime(committer_time, '%Y-%m')` : `strftime(committer_time, '%Y') || '-Q' || quarter(committer_time)`;

  const [total, timeline, repos, sensitive, capture, captured] = await Promise.all([
    rows(db, `SELECT ${STATE_SQL}, count(DISTINCT repository) AS repositories FROM ${scope}`, params),
    rows(db, `SELECT ${bucket} AS period, ${STATE_SQL} FROM ${scope} GROUP BY 1 ORDER BY 1`, params),
    rows(db, `SELECT r.name, ${STATE_SQL} FROM ${scope} c JOIN repositories r USING (repository) GROUP BY r.name ORDER BY r.name`, params),
    rows(
      db,
      `SELECT r.name,
        count(*) FILTER (WHERE state <> 'exempt') AS in_scope,
        count(*) FILTER (WHERE state = 'used') AS ai,
        count(*) FILTER (WHERE state = 'used' AND sensitive_ai_files > 0) AS ai_sensitive,
        coalesce(sum(sensitive_ai_files) FILTER (WHERE state = 'used'), 0) AS ai_files
       FROM ${scope} c JOIN repositories r USING (repository) GROUP BY r.name`,
      params,
    ),
    rows(
      db,
      `SELECT cc.model, count(DISTINCT cc.repository || cc."commit") AS commits, sum(cc.raw_lines) AS raw, sum(cc.kept_lines) AS kept
       FROM commit_capture cc JOIN ${scope} c ON c.repository = cc.repository AND c."commit" = cc."commit" GROUP BY cc.model`,
      params,
    ),
    rows(db, `SELECT count(DISTINCT cc.repository || cc."commit") AS n FROM commit_capture cc JOIN ${scope} c ON c.repository = cc.repository AND c."commit" = cc."commit"`, params),
  ]);
  const developers = await developerMetrics(db, scope, params);

  const sensitiveRows = sensitive
    .map((r) => {
      const inScope = n(r.in_scope);
      const ai = n(r.ai);
      const aiSensitive = n(r.ai_sensitive);
      return { name: String(r.name), inScope, aiCommits: ai, aiSensitiveCommits: aiSensitive, rate: ratio(aiSensitive, inScope), shareOfAi: ratio(aiSensitive, ai), aiSensitiveFiles: n(r.ai_files) };
    })
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.aiSensitiveCommits - a.aiSensitiveCommits || a.name.localeCompare(b.name));

  const rework = capture
    .map((r) => ({ model: String(r.model), commits: n(r.commits), rawLines: n(r.raw), keptLines: n(r.kept), reworkedShare: ratio(n(r.raw) - n(r.kept), n(r.raw)) }))
    .filter((r) => r.rawLines >= MIN_REWORK_LINES)
    .sort((a, b) => (b.reworkedShare ?? -1) - (a.reworkedShare ?? -1) || a.model.localeCompare(b.model));

  return {
    schema: DASHBOARD_SCHEMA,
    generatedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    storeSchemaVersion: STORE_SCHEMA_VERSION,
    period: period ? { label: period.label, from: period.from, to: period.to } : null,
    totals: { ...totalsOf(total[0] ?? {}), repositories: n(total[0]?.repositories) },
    timeline: { granularity, rows: fillBuckets(timeline.map((r) => ({ period: String(r.period), ...totalsOf(r) })), granularity, period) },
    repositories: repos.map((r) => ({ name: String(r.name), ...totalsOf(r) })),
    sensitive: sensitiveRows,
    developers,
    rework: { minRawLines: MIN_REWORK_LINES, rows: rework, capturedCommits: n(captured[0]?.n) },
  };
}

/** Every month or quarter from the first to the last (or across the period), the empty ones as zeros: gaps are visible. */
export function fillBuckets<T extends { period: string }>(rows: T[], granularity: 'month' | 'quarter', period: Period | null): Array<T | ({ period: string } & StateTotals)> {
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

function bucketOf(iso: string, granularity: 'month' | 'quarter'): string {
  const y = iso.slice(0, 4);
  const m = Number(iso.slice(5, 7));
  return granularity === 'month' ? `${y}-${iso.slice(5, 7)}` : `${y}-Q${Math.ceil(m / 3)}`;
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

async function developerMetrics(db: DuckDBConnection, scope: string, params: Value[]): Promise<DeveloperMetric[]> {
  const authors = await rows(
    db,
    `SELECT author_email AS email, arg_max(author_name, committer_time) AS name, count(DISTINCT repository) AS repositories,
       count(*) FILTER (WHERE state = 'used') AS used,
       count(*) FILTER (WHERE state IN ('used', 'none')) AS declared,
       count(*) FILTER (WHERE state IN ('used', 'none', 'undeclared')) AS attested,
       count(*) FILTER (WHERE state <> 'exempt') AS in_scope
     FROM ${scope} GROUP BY author_email`,
    params,
  );
  return METRICS.map((metric) => {
    const totalX = authors.reduce((s, a) => s + n(a[metric.x]), 0);
    const totalN = authors.reduce((s, a) => s + n(a[metric.n]), 0);
    const all: DeveloperRow[] = authors.map((a) => {
      const x = n(a[metric.x]);
      const trials = n(a[metric.n]);
      const outcome = twoProportionZ(x, trials, totalX - x, totalN - trials);
      return {
        email: String(a.email),
        name: String(a.name),
        repositories: n(a.repositories),
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
      test: { name: 'two-proportion z-test (pooled), one developer against all others', alternative: 'two-sided', alpha: FAMILY_ALPHA, correction: 'holm', minSample: MIN_SAMPLE, minExpected: MIN_EXPECTED },
      tested: tested.length,
      flagged: byDistance.filter((d) => d.flagged),
      top: byDistance.slice(0, 20),
    };
  });
}
