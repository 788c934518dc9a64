import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { refreshRollups } from '../src/store/rollup.js';
import { buildDashboard } from '../src/store/dashboard/queries.js';
import { parsePeriod } from '../src/store/dashboard/period.js';
import { buildHistory } from './lib/history.js';
import { median, timeIt, type BenchRow } from './lib/measure.js';
import { BIN } from './lib/sandbox.js';

/**
 * The organisation store at scale. Dashboard: 1,000 repositories of 10,000 commits each
 * (BENCH_STORE_REPOS x BENCH_STORE_COMMITS, written straight into the store in SQL: collecting a
 * thousand generated repositories would measure git, not the queries), each question timed
 * against a plain scan of the commits table in the same run; budget 1 s per question.
 * Collect: `ai-attest collect` of a 10,000-commit attested history against
 * `git log --numstat` of it, which reads what collect must read.
 */
export async function bench(): Promise<BenchRow[]> {
  return [...(await dashboardRows()), await collectRow()];
}

async function dashboardRows(): Promise<BenchRow[]> {
  const repos = Number(process.env.BENCH_STORE_REPOS ?? 1_000);
  const perRepo = Number(process.env.BENCH_STORE_COMMITS ?? 10_000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'ai-attest-bench-store-'));
  const store = await openStore(join(dir, 'org.duckdb'));
  try {
    const build = await timeIt(() => fill(store.connection, repos, perRepo));
    const total = repos * perRepo;
    process.stderr.write(`bench: wrote ${total.toLocaleString('en')} commits into the store in ${(build / 1000).toFixed(1)} s\n`);
    const scan = await repeat(runs, () =>
      store.connection.run('SELECT count(*), sum(lines_added), count(DISTINCT author_email) FROM commits'),
    );
    const rows: BenchRow[] = [];
    for (const [label, period] of [
      ['one quarter', parsePeriod('2026-Q3')],
      ['all time', null],
    ] as const) {
      const times = new Map<string, number[]>();
      for (let i = 0; i < runs; i++) {
        await buildDashboard(store.connection, period, new Date(), (name, ms) => times.set(name, [...(times.get(name) ?? []), ms]));
      }
      for (const [name, ms] of times) {
        rows.push({
          name: `dashboard: ${name}, ${label}, ${total.toLocaleString('en')} commits in ${repos.toLocaleString('en')} repositories`,
          reference: 'scan of the commits table (count, sum, distinct authors)',
          referenceMs: scan,
          subjectMs: median(ms),
          budgetMs: 1000,
        });
      }
    }
    return rows;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function repeat(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeIt(fn));
  return median(times);
}

/** Two years of committer dates, 2025 and 2026, spread evenly over the commits. */
const SPAN = 2 * 365 * 24 * 3600;

/**
 * Deterministic rows shaped like real trails: 20,000 developers spread over the repositories,
 * a third of commits with AI, one in 40 touching a sensitive path, 5% unattested, merges, two
 * years of committer dates, tools and captured output for AI commits.
 */
async function fill(db: Awaited<ReturnType<typeof openStore>>['connection'], repos: number, perRepo: number): Promise<void> {
  const total = repos * perRepo;
  await db.run(
    `INSERT INTO repositories SELECT '/org/repo-' || i, 'repo-' || i, 'HEAD', '', '', '', ${perRepo}, now()::TIMESTAMP FROM` +
      ` range(${repos}) t(i)`,
  );
  await db.run(`INSERT INTO commits SELECT
      '/org/repo-' || (i // ${perRepo}), lpad(to_hex(i), 40, '0'), CASE WHEN i % 17 = 0 THEN 2 ELSE 1 END,
      'Dev ' || (hash(i // 7) % 20000), 'dev' || (hash(i // 7) % 20000) || '@example.com',
      TIMESTAMP '2025-01-01' + INTERVAL ((i * ${SPAN}) // ${total}) SECOND,
      TIMESTAMP '2025-01-01' + INTERVAL ((i * ${SPAN}) // ${total}) SECOND,
      strftime(TIMESTAMP '2025-01-01' + INTERVAL ((i * ${SPAN}) // ${total}) SECOND, '%Y-%m'),
      CASE WHEN i % 17 = 0 THEN 'exempt' WHEN i % 20 = 1 THEN 'unattested' WHEN hash(i) % 3 = 0 THEN 'used' ELSE 'none' END,
      'ok', '[]', CASE WHEN hash(i) % 3 = 0 THEN (hash(i) % 100)::INTEGER END, 'dev@example.com', 'KEY', NULL, 'prompt',
      hash(i) % 200, hash(i + 1) % 50, 0, 1, CASE WHEN i % 40 = 0 AND hash(i) % 3 = 0 THEN 1 ELSE 0 END, '{}', 0, 0
    FROM range(${total}) t(i)`);
  await db.run(
    `INSERT INTO commit_tools SELECT repository, "commit", 'claude-code', 'claude-sonnet-4-5-20250929', 'cli-agent' FROM commits` +
      ` WHERE state = 'used'`,
  );
  await db.run(
    `INSERT INTO commit_capture SELECT repository, "commit", CASE WHEN hash("commit") % 2 = 0 THEN 'claude-sonnet-4-5-20250929' ELSE` +
      ` 'gpt-4.1-2025-04-14' END, 40, hash("commit") % 41 FROM commits WHERE state = 'used' AND hash("commit") % 4 = 0`,
  );
  await refreshRollups(db, null);
}

async function collectRow(): Promise<BenchRow> {
  const commits = Number(process.env.BENCH_HISTORY ?? 10_000);
  const history = await buildHistory({ commits, withNotes: true, filesPerCommit: 3, linesPerFile: 20 });
  const storeDir = mkdtempSync(join(tmpdir(), 'ai-attest-bench-collect-'));
  try {
    const reference = await timeIt(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('git', ['log', '--numstat', ...history.range], {
            cwd: history.dir,
            env: history.env,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          child.stdout.on('data', () => undefined);
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git log exited ${code}`))));
        }),
    );
    const subject = await timeIt(() => {
      const r = spawnSync(process.execPath, [BIN, 'collect', history.dir, '--store', join(storeDir, 'org.duckdb')], {
        cwd: history.dir,
        env: history.env,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`ai-attest collect exited ${r.status}: ${r.stderr}`);
    });
    const perSecond = Math.round((commits / subject) * 1000);
    return {
      name:
        `collect, first run (full, verify cold), ${commits.toLocaleString('en')} attested commits: ${perSecond.toLocaleString('en')}` +
        ` commits/s`,
      reference: 'git log --numstat, same history',
      referenceMs: reference,
      subjectMs: subject,
    };
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
    history.cleanup();
  }
}
