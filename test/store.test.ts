// @module-tag git
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeSandbox, type Repo } from './helpers/repo.js';
import { createTableSql, TABLES } from '../src/store/schema.js';

/**
 * The organisation store end to end: the built CLI collects a local repository and a remote one
 * (a bare repository behind a file:// URL, notes pushed), incrementally, into a DuckDB file,
 * exports Parquet that an independent reader loads, and upgrades a store of the previous schema.
 */
const sandbox = makeSandbox('ai-attest-store-');
let api: Repo;
let web: Repo;
const store = () => join(sandbox.root, 'org.duckdb');
let remoteUrl = '';

function commit(repo: Repo, file: string, env: NodeJS.ProcessEnv, subject = file): void {
  repo.write(file, `${file} ${Math.random()}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', subject], { env });
}

async function query(sql: string, path = store()): Promise<Array<Record<string, unknown>>> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjects() as Array<Record<string, unknown>>;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

function collect(...args: string[]) {
  const r = api.cli(['collect', ...args, '--store', store(), '--json'], { cwd: sandbox.root });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    repositories: Array<{ name: string; mode: string; added: number; rejudged: number; commits: number; why: string }>;
  };
}

beforeAll(() => {
  api = initRepo(sandbox, 'api');
  commit(api, 'src/feature.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '60' });
  commit(api, 'src/auth/session.ts', { AI_ATTEST_TOOLS: 'copilot:gpt-4.1-2025-04-14', AI_ATTEST_PROPORTION: '30' });
  // Made by an agent that signed its own trailer, with ai-attest bypassed: a signal detect finds.
  commit(api, 'notes.txt', { AI_ATTEST: '0' }, 'unattested change\n\nCo-authored-by: Claude <noreply@anthropic.com>');

  web = initRepo(sandbox, 'web-src');
  commit(web, 'index.ts', { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '90' });
  const bare = join(sandbox.root, 'web.git');
  web.git(['clone', '-q', '--bare', web.dir, bare]);
  web.git(['push', '-q', bare, 'refs/notes/ai-attest:refs/notes/ai-attest'], { env: { AI_ATTEST: '0' } });
  remoteUrl = `file://${bare}`;
});

afterAll(() => sandbox.cleanup());

describe('ai-attest collect', () => {
  it("collects a local repository and a URL, with verify's verdicts and the verified claims", async () => {
    const result = collect(api.dir, remoteUrl);
    expect(result.repositories.map((r) => [r.name, r.mode, r.added, r.commits])).toEqual([
      ['api', 'full', 4, 4],
      ['web', 'full', 2, 2],
    ]);
    const states = await query(
      `SELECT r.name, c.state, count(*)::INTEGER AS n FROM commits c JOIN repositories r USING (repository) GROUP BY ALL ORDER BY ALL`,
    );
    expect(states).toEqual([
      { name: 'api', state: 'none', n: 1 },
      { name: 'api', state: 'unattested', n: 1 },
      { name: 'api', state: 'used', n: 2 },
      { name: 'web', state: 'none', n: 1 },
      { name: 'web', state: 'used', n: 1 },
    ]);
    const tools = await query(`SELECT tool, model, via FROM commit_tools ORDER BY ALL`);
    expect(tools.map((t) => `${t.tool}:${t.model}`)).toEqual([CLAUDE, CLAUDE, 'copilot:gpt-4.1-2025-04-14']);
    // The agent's own trailer is a signal the (absent) attestation does not account for; whatever
    // else detect counts, the attested commits account for theirs.
    expect(await query(`SELECT state, unattested_signals FROM commits WHERE unattested_signals > 0`)).toEqual([
      { state: 'unattested', unattested_signals: 1 },
    ]);
    expect(await query(`SELECT count(*)::INTEGER AS n FROM commits WHERE signals < unattested_signals`)).toEqual([{ n: 0 }]);
    const dashboard = api.cli(['dashboard', '--store', store(), '--json']);
    expect(
      JSON.parse(dashboard.stdout).repositories.map((r: { name: string; unattestedSignals: number }) => [r.name, r.unattestedSignals]),
    ).toEqual([
      ['api', 1],
      ['web', 0],
    ]);
    const sensitive = await query(`SELECT path, ai_tools FROM commit_sensitive`);
    expect(sensitive).toEqual([{ path: 'src/auth/session.ts', ai_tools: '["copilot"]' }]);
    // The same states `ai-attest export` gives: one judgement, two outputs.
    const exported = api
      .cli(['export', 'HEAD'])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { commit: string; state: string });
    const stored = await query(`SELECT "commit", state FROM commits WHERE repository = '${api.dir.replace(/'/g, "''")}'`);
    expect(new Map(stored.map((s) => [s.commit, s.state]))).toEqual(new Map(exported.map((e) => [e.commit, e.state])));
  });

  it('is incremental: unchanged, new commits, a note added after the fact, a rewritten history', async () => {
    expect(collect(api.dir).repositories[0]).toMatchObject({ mode: 'unchanged', added: 0, commits: 4 });

    commit(api, 'src/more.ts', { AI_ATTEST_TOOLS: 'none' });
    expect(collect(api.dir).repositories[0]).toMatchObject({ mode: 'incremental', added: 1, rejudged: 0, commits: 5 });

    // The unattested commit is attested later: only its note changed, and only it is judged again.
    const unattested = api.git(['log', '--format=%H', '--grep=unattested change']).trim();
    const attest = api.cli(['attest', unattested], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_NO_PROMPT: '1' } });
    expect(attest.status, attest.stderr).toBe(0);
    expect(collect(api.dir).repositories[0]).toMatchObject({ mode: 'incremental', added: 0, rejudged: 1, commits: 5 });
    expect(await query(`SELECT state FROM commits WHERE "commit" = '${unattested}'`)).toEqual([{ state: 'none' }]);

    api.git(['reset', '-q', '--hard', 'HEAD~1']);
    const rewritten = collect(api.dir).repositories[0]!;
    expect(rewritten).toMatchObject({ mode: 'full', commits: 4 });
    expect(rewritten.why).toMatch(/rewritten/);
  });

  it('refreshes a URL: new commits pushed to the remote are collected', () => {
    commit(web, 'app.ts', { AI_ATTEST_TOOLS: 'none' });
    web.git(['push', '-q', remoteUrl.slice('file://'.length), 'HEAD:main', 'refs/notes/ai-attest:refs/notes/ai-attest'], {
      env: { AI_ATTEST: '0' },
    });
    expect(collect(remoteUrl).repositories[0]).toMatchObject({ name: 'web', mode: 'incremental', added: 1, commits: 3 });
  });

  it('exports Parquet partitioned by repository and month that another reader loads as it is', async () => {
    const dir = join(sandbox.root, 'warehouse');
    const r = api.cli(['collect', api.dir, '--store', store(), '--parquet', dir], { cwd: sandbox.root });
    expect(r.status, r.stderr).toBe(0);
    const repoDirs = readdirSync(join(dir, 'commits')).sort();
    expect(repoDirs).toHaveLength(2);
    for (const d of repoDirs) expect(d).toMatch(/^repo_id=[0-9a-f]{16}$/);
    const month = readdirSync(join(dir, 'commits', repoDirs[0]!))[0]!;
    expect(month).toMatch(/^month=\d{4}-\d{2}$/);
    // hyparquet: a reader that shares no code with DuckDB.
    let independent = 0;
    for (const d of repoDirs) {
      for (const m of readdirSync(join(dir, 'commits', d))) {
        for (const f of readdirSync(join(dir, 'commits', d, m))) {
          const buf = await readFile(join(dir, 'commits', d, m, f));
          const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
          for (const row of rows) expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
          independent += rows.length;
        }
      }
    }
    const [stored] = await query('SELECT count(*)::INTEGER AS n FROM commits');
    expect(independent).toBe(stored!.n);
    // The layout an engine reads from object storage: hive partitions become columns again.
    const hive = await query(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT repo_id)::INTEGER AS repos ` +
        `FROM read_parquet('${join(dir, 'commits').replace(/'/g, "''")}/**/*.parquet', hive_partitioning = true)`,
      ':memory:',
    );
    expect(hive).toEqual([{ n: stored!.n, repos: 2 }]);
  });

  it('upgrades a store written by schema version 1 and answers from its old rows', async () => {
    const old = join(sandbox.root, 'v1.duckdb');
    const db = await DuckDBInstance.create(old);
    const c = await db.connect();
    await c.run(`CREATE TABLE store_meta (schema VARCHAR, version INTEGER)`);
    await c.run(`INSERT INTO store_meta VALUES ('ai-attest/store', 1)`);
    for (const t of TABLES.filter((t) => t.since <= 1)) await c.run(createTableSql(t, 1));
    await c.run(`INSERT INTO repositories VALUES ('/old/repo', 'old', 'HEAD', 'abc', '', 'digest', 1, '2025-01-01')`);
    await c.run(
      `INSERT INTO commits VALUES ('/old/repo', '${'a'.repeat(40)}', 1, 'Old Dev', 'old@example.com', '2025-05-01', '2025-05-01',` +
        ` '2025-05', 'used', 'ok', '[]', 50, 'old@example.com', 'KEY', '2025-05-01', 'prompt', 10, 0, 5, 0, 0, '{}')`,
    );
    c.closeSync();
    db.closeSync();
    const r = api.cli(['dashboard', '--store', old, '--period', '2025-Q2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { totals: { used: number; commits: number }; storeSchemaVersion: number };
    expect(d.totals).toMatchObject({ used: 1, commits: 1 });
    expect(await query(`SELECT version FROM store_meta`, old)).toEqual([{ version: 2 }]);
    expect(await query(`SELECT signals FROM commits`, old)).toEqual([{ signals: 0 }]);
  });

  it('says what to do for a missing store, a bad period and a folder that is not a repository', () => {
    const missing = api.cli(['dashboard', '--store', join(sandbox.root, 'nope.duckdb')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/ai-attest collect/);
    const period = api.cli(['dashboard', '--store', store(), '--period', 'last-quarter']);
    expect(period.status).toBe(2);
    expect(period.stderr).toMatch(/2026-Q3/);
    const notRepo = api.cli(['collect', sandbox.home, '--store', store()]);
    expect(notRepo.status).toBe(2);
    expect(notRepo.stderr).toMatch(/not a git repository/);
  });
});
