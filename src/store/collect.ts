import { NOTES_REF } from '../core/model.js';
import { notedCommitsChanged } from '../git/collect-source.js';
import { COMMITS_AS_GIVEN } from '../git/log.js';
import { isAncestor, repoPaths, resolveCommit } from '../git/repo.js';
import { loadConfig } from '../config/load.js';
import { loadEvaluationContext } from '../read/evaluate.js';
import { makeJudge } from '../read/report/judge.js';
import { reportItems } from '../read/report/source.js';
import { TableWriter } from './append.js';
import { openStore, type Store } from './database.js';
import { refreshRollups } from './rollup.js';
import { commitRows, type SignalCounts } from './rows.js';
import { detectRange } from '../detect/detect.js';
import { STORE_SCHEMA_VERSION } from './schema.js';
import { resolveSource, type CollectSource } from './source.js';

export const COLLECT_SCHEMA = 'ai-attest/collect@1';

export interface CollectOptions {
  store: string;
  /** Repository folders or URLs. */
  sources: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called as commits are written: the repository's name and its running count. */
  onCommit?: (name: string, count: number) => void;
}

export type CollectMode = 'full' | 'incremental' | 'unchanged';

export interface CollectedRepository {
  repository: string;
  name: string;
  mode: CollectMode;
  /** Why a full collect was needed, in plain words ('' for incremental and unchanged). */
  why: string;
  /** Commits read for the first time. */
  added: number;
  /** Commits already stored whose note changed, judged again. */
  rejudged: number;
  /** Commits of the repository in the store now. */
  commits: number;
  tip: string;
}

export interface CollectResult {
  schema: typeof COLLECT_SCHEMA;
  store: string;
  storeSchemaVersion: number;
  repositories: CollectedRepository[];
}

interface Cursor {
  name: string;
  tip: string;
  notes_tip: string;
  trust_digest: string;
}

const DATA_TABLES = ['commits', 'commit_tools', 'commit_sensitive', 'commit_capture'] as const;

/**
 * Collects each repository's trail into the store, incrementally: a cursor per repository (the
 * collected tip, the notes tip and the digest of the trust verdicts were made with) means a
 * re-run reads only new commits and commits whose note changed. A rewritten history or a
 * changed keyring or policy re-judges the whole repository. Each repository is written in one
 * transaction: an interrupted collect leaves the previous state, never half of one.
 */
export async function collect(options: CollectOptions): Promise<CollectResult> {
  const store = await openStore(options.store);
  try {
    const repositories: CollectedRepository[] = [];
    for (const arg of options.sources) {
      const source = await resolveSource(arg, options.store, { cwd: options.cwd, env: options.env });
      repositories.push(await collectOne(store, source, options));
    }
    return { schema: COLLECT_SCHEMA, store: store.path, storeSchemaVersion: STORE_SCHEMA_VERSION, repositories };
  } finally {
    store.close();
  }
}

async function collectOne(store: Store, source: CollectSource, options: CollectOptions): Promise<CollectedRepository> {
  const env = options.env;
  const git = { cwd: source.dir, env };
  const paths = await repoPaths(git);
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const ctx = { cwd: source.dir, env, top: paths.top, gitDir: paths.gitDir, commonDir: paths.commonDir, config };
  const evaluation = await loadEvaluationContext({
    cwd: source.dir,
    env,
    paths: { top: paths.top, gitDir: paths.gitDir, commonDir: paths.commonDir },
  });
  const trustDigest = evaluation.digest;
  const cursor = await readCursor(store, source.repository);
  const name = cursor?.name ?? (await uniqueName(store, source.name));
  const tip = (await resolveCommit(source.revision, git)) ?? '';
  const notes = (await resolveCommit(NOTES_REF, git)) ?? '';

  const plan = await planCollect(cursor, { tip, notes, trustDigest }, git);
  const result: CollectedRepository = {
    repository: source.repository,
    name,
    mode: plan.mode,
    why: plan.why,
    added: 0,
    rejudged: 0,
    commits: 0,
    tip,
  };
  if (plan.mode === 'unchanged') {
    result.commits = await countStored(store, source.repository);
    return result;
  }

  const rejudge =
    plan.mode === 'incremental' && plan.notesChangedFrom
      ? await storedAmong(store, source.repository, await notedCommitsChanged(plan.notesChangedFrom, notes, git))
      : [];
  const { judge } = await makeJudge(ctx);
  const db = store.connection;
  await db.run('BEGIN TRANSACTION');
  try {
    if (plan.mode === 'full') {
      for (const t of DATA_TABLES) await db.run(`DELETE FROM ${t} WHERE repository = $1`, [source.repository]);
    } else if (rejudge.length) {
      const ids = store.duckdb.listValue(rejudge);
      for (const t of DATA_TABLES)
        await db.run(`DELETE FROM ${t} WHERE repository = $1 AND list_contains($2, "commit")`, [source.repository, ids]);
    }
    const writers = Object.fromEntries(
      await Promise.all(DATA_TABLES.map(async (t) => [t, await TableWriter.open(store, t)] as const)),
    ) as Record<(typeof DATA_TABLES)[number], TableWriter>;
    let written = 0;
    const write = async (revisions: string[], logOptions: string[]) => {
      let n = 0;
      if (!revisions.length) return n;
      const signals = await signalCounts(source.dir, env, revisions, logOptions);
      for await (const item of reportItems({ cwd: source.dir, env, revisions, judge, lines: true, logOptions })) {
        const rows = commitRows(source.repository, item, signals.get(item.commit) ?? { signals: 0, unattested: 0 });
        writers.commits.append(rows.commits);
        for (const r of rows.commit_tools) writers.commit_tools.append(r);
        for (const r of rows.commit_sensitive) writers.commit_sensitive.append(r);
        for (const r of rows.commit_capture) writers.commit_capture.append(r);
        n++;
        options.onCommit?.(name, ++written);
      }
      return n;
    };
    try {
      result.added = tip ? await write(plan.mode === 'full' ? [tip] : [tip, `^${cursor!.tip}`], []) : 0;
      result.rejudged = await write(rejudge, [...COMMITS_AS_GIVEN]);
    } finally {
      for (const w of Object.values(writers)) w.close();
    }
    await refreshRollups(db, source.repository);
    result.commits = await countStored(store, source.repository);
    await db.run('DELETE FROM repositories WHERE repository = $1', [source.repository]);
    await db.run('INSERT INTO repositories VALUES ($1, $2, $3, $4, $5, $6, $7, now()::TIMESTAMP)', [
      source.repository,
      name,
      source.revision,
      tip,
      notes,
      trustDigest,
      result.commits,
    ]);
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK');
    throw error;
  }
  return result;
}

/**
 * detect's message and identity signals of each commit (medium confidence or more, as report
 * counts disclosures), and how many of them its attestation does not account for: one more
 * batched read of the same commits.
 */
async function signalCounts(
  cwd: string,
  env: NodeJS.ProcessEnv,
  revisions: string[],
  logOptions: string[],
): Promise<Map<string, SignalCounts>> {
  const counts = new Map<string, SignalCounts>();
  const report = await detectRange({
    cwd,
    env,
    revisions,
    logOptions,
    description: 'collect',
    minConfidence: 'medium',
    onSignals: (commit, hits) => counts.set(commit, { signals: hits.length, unattested: 0 }),
  });
  for (const f of report.findings) {
    const c = counts.get(f.commit) ?? { signals: f.signals.length, unattested: 0 };
    c.unattested += f.signals.length;
    counts.set(f.commit, c);
  }
  return counts;
}

interface Plan {
  mode: CollectMode;
  why: string;
  /** The notes commit of the last collect, when the notes moved since. */
  notesChangedFrom: string | null;
}

/** What a collect of this repository must do, from the cursor and the repository's state now. */
export async function planCollect(
  cursor: Cursor | null,
  now: { tip: string; notes: string; trustDigest: string },
  git: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Plan> {
  const full = (why: string): Plan => ({ mode: 'full', why, notesChangedFrom: null });
  if (!cursor) return full('first collect');
  if (cursor.trust_digest !== now.trustDigest) return full('the keyring, policy or ai-attest version changed: every verdict is made again');
  if (cursor.tip && !now.tip) return full('the collected revision no longer exists');
  if (cursor.tip && cursor.tip !== now.tip && !(await isAncestor(cursor.tip, now.tip, git))) {
    return full('the history was rewritten since the last collect');
  }
  if (!cursor.tip && now.tip) return full('first commits');
  let notesChangedFrom: string | null = null;
  if (cursor.notes_tip !== now.notes) {
    if (!cursor.notes_tip || !now.notes || !(await resolveCommit(cursor.notes_tip, git)))
      return full('the notes were replaced since the last collect');
    notesChangedFrom = cursor.notes_tip;
  }
  if (cursor.tip === now.tip && !notesChangedFrom) return { mode: 'unchanged', why: '', notesChangedFrom: null };
  return { mode: 'incremental', why: '', notesChangedFrom };
}

async function readCursor(store: Store, repository: string): Promise<Cursor | null> {
  const rows = (
    await store.connection.runAndReadAll('SELECT name, tip, notes_tip, trust_digest FROM repositories WHERE repository = $1', [repository])
  ).getRowObjects();
  const r = rows[0];
  return r
    ? { name: String(r.name), tip: String(r.tip ?? ''), notes_tip: String(r.notes_tip ?? ''), trust_digest: String(r.trust_digest ?? '') }
    : null;
}

async function uniqueName(store: Store, wanted: string): Promise<string> {
  const taken = new Set((await store.connection.runAndReadAll('SELECT name FROM repositories')).getRowObjects().map((r) => String(r.name)));
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}-${i}`;
  return name;
}

async function countStored(store: Store, repository: string): Promise<number> {
  const rows = (
    await store.connection.runAndReadAll('SELECT count(*) AS n FROM commits WHERE repository = $1', [repository])
  ).getRowObjects();
  return Number(rows[0]!.n);
}

async function storedAmong(store: Store, repository: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = (
    await store.connection.runAndReadAll('SELECT "commit" FROM commits WHERE repository = $1 AND list_contains($2, "commit")', [
      repository,
      store.duckdb.listValue(ids),
    ])
  ).getRowObjects();
  return rows.map((r) => String(r.commit));
}
