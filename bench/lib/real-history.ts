import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastImportStream, type RealHistoryFacts } from './real-history-shape.js';
import { benchSandbox, ROOT, run } from './sandbox.js';

export type { RealHistoryFacts } from './real-history-shape.js';

/**
 * Bump whenever the generated history changes (shape, text, sizes): it keys the cache, so a
 * stale repository is never measured as if it were the new one.
 */
export const REAL_HISTORY_GENERATOR = 2;

export interface RealHistoryOptions {
  /** Default 80,000, the size of the largest public history the issue measured. */
  commits?: number;
  seed?: number;
  /** Where built repositories are kept; default `test-artifacts/bench-history` in the project. */
  cacheRoot?: string;
  /** Build again even when the cache has it. */
  rebuild?: boolean;
  log?: (message: string) => void;
}

export interface RealHistory {
  /** A bare repository (nobody's work tree; clone it to change anything). Never write to it. */
  gitDir: string;
  /** An isolated HOME, git config and AI_ATTEST_HOME for commands run against it. */
  env: NodeJS.ProcessEnv;
  /** Revisions that name the whole history. */
  range: string[];
  head: string;
  facts: RealHistoryFacts;
  /** Time to build, or 0 when it came from the cache. */
  buildMs: number;
  cached: boolean;
  /** Removes the sandbox (HOME), never the cached repository. */
  cleanup(): void;
}

interface CacheRecord {
  generator: number;
  commits: number;
  seed: number;
  head: string;
  buildMs: number;
  facts: RealHistoryFacts;
}

/**
 * A history shaped like a large public project that never used ai-attest (see
 * real-history-shape.ts): merges (a quarter, octopus among them), renames, binary files, long
 * messages, Latin-1 and Shift_JIS text, hostile subjects, a 21,000-line commit, and a third of
 * the non-merge commits disclosing an agent by co-author trailer, author or footer.
 *
 * Written by one `git fast-import` from a seeded generator (80,000 commits in well under a
 * minute) and cached under `test-artifacts/bench-history/`, keyed by generator version, size and
 * seed: a rerun opens the cached repository at once. Shared by the verify, report and trace
 * benchmarks; treat the repository as read-only (ai-attest's caches under its git dir are fine).
 */
export async function realHistory(options: RealHistoryOptions = {}): Promise<RealHistory> {
  const commits = options.commits ?? 80_000;
  const seed = options.seed ?? 1;
  const root = options.cacheRoot ?? join(ROOT, 'test-artifacts', 'bench-history');
  const key = `real-g${REAL_HISTORY_GENERATOR}-c${commits}-s${seed}`;
  const dir = join(root, key);
  const gitDir = join(dir, 'repo.git');
  const recordFile = join(dir, 'history.json');
  const box = benchSandbox('ai-attest-real-history-');
  try {
    let record = !options.rebuild && existsSync(recordFile) ? readRecord(recordFile, key) : null;
    const cached = record !== null;
    if (!record) record = await build({ commits, seed, dir, box, log: options.log });
    return {
      gitDir,
      env: box.env,
      range: ['HEAD'],
      head: record.head,
      facts: record.facts,
      buildMs: cached ? 0 : record.buildMs,
      cached,
      cleanup: box.cleanup,
    };
  } catch (error) {
    box.cleanup();
    throw error;
  }
}

/**
 * A copy of the history that adopted ai-attest at its head: one commit on top adds
 * `.ai-attest/config.json` with `policy.exempt.before` = the generated head, the fix the report
 * prints for a history older than ai-attest. A shared clone (objects borrowed, nothing copied)
 * in `dir`, which the caller removes; the cached repository is left as it is.
 */
export function adoptedCopy(history: RealHistory, dir: string): { gitDir: string; head: string; adoption: string } {
  const gitDir = join(dir, 'adopted.git');
  const env = history.env;
  run('git', ['clone', '-q', '--bare', '--shared', history.gitDir, gitDir], dir, env);
  const config = `${JSON.stringify({ version: 1, tools: [], policy: { exempt: { before: history.head } } }, null, 2)}\n`;
  const blob = run('git', ['hash-object', '-w', '--stdin'], gitDir, env, config).trim();
  const indexEnv = { ...env, GIT_INDEX_FILE: join(dir, 'adoption.index') };
  run('git', ['read-tree', history.head], gitDir, indexEnv);
  run('git', ['update-index', '--add', '--cacheinfo', `100644,${blob},.ai-attest/config.json`], gitDir, indexEnv);
  const tree = run('git', ['write-tree'], gitDir, indexEnv).trim();
  const when = `${history.facts.lastTime + 86_400} +0000`;
  const adoption = run('git', ['commit-tree', tree, '-p', history.head, '-m', 'Adopt ai-attest'], gitDir, {
    ...env,
    GIT_AUTHOR_NAME: 'Release Captain',
    GIT_AUTHOR_EMAIL: 'captain@example.com',
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_NAME: 'Release Captain',
    GIT_COMMITTER_EMAIL: 'captain@example.com',
    GIT_COMMITTER_DATE: when,
  }).trim();
  run('git', ['update-ref', 'refs/heads/main', adoption], gitDir, env);
  return { gitDir, head: history.head, adoption };
}

function readRecord(file: string, key: string): CacheRecord | null {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as CacheRecord;
    return record.generator === REAL_HISTORY_GENERATOR ? record : null;
  } catch {
    process.stderr.write(`bench: ignoring the unreadable cache record of ${key}\n`);
    return null;
  }
}

async function build(o: {
  commits: number;
  seed: number;
  dir: string;
  box: { root: string; env: NodeJS.ProcessEnv };
  log: ((message: string) => void) | undefined;
}): Promise<CacheRecord> {
  const started = performance.now();
  // Built beside the cache entry and renamed into place: an interrupted build leaves no entry.
  const staging = `${o.dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const gitDir = join(staging, 'repo.git');
  const env = o.box.env;
  run('git', ['init', '-q', '--bare', '--initial-branch=main', gitDir], staging, env);
  const facts = await importStream(gitDir, env, o);
  o.log?.(`fast-import of ${o.commits} commits: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // What a maintained clone has after `git gc`: readers of the history run on it.
  run('git', ['commit-graph', 'write', '--reachable'], gitDir, env);
  const head = run('git', ['rev-parse', 'main'], gitDir, env).trim();
  const count = Number(run('git', ['rev-list', '--count', 'main'], gitDir, env).trim());
  if (count !== facts.commits) throw new Error(`the generated history has ${count} commits, expected ${facts.commits}`);
  const record: CacheRecord = {
    generator: REAL_HISTORY_GENERATOR,
    commits: o.commits,
    seed: o.seed,
    head,
    buildMs: performance.now() - started,
    facts,
  };
  writeFileSync(join(staging, 'history.json'), `${JSON.stringify(record, null, 2)}\n`);
  rmSync(o.dir, { recursive: true, force: true });
  renameSync(staging, o.dir);
  o.log?.(`built ${key(o)} in ${(record.buildMs / 1000).toFixed(1)} s`);
  return record;
}

const key = (o: { commits: number; seed: number }) => `${o.commits} commits (seed ${o.seed})`;

/** Streams the generator into one `git fast-import`, honouring back-pressure. */
function importStream(gitDir: string, env: NodeJS.ProcessEnv, o: { commits: number; seed: number }): Promise<RealHistoryFacts> {
  return new Promise((resolve, reject) => {
    // fast-import grows its heap in small brk steps, slow on some virtual machines: pad it.
    const child = spawn('git', ['fast-import', '--quiet', '--done'], {
      cwd: gitDir,
      env: { ...env, GIT_DIR: gitDir, MALLOC_TOP_PAD_: env.MALLOC_TOP_PAD_ ?? String(256 << 20) },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let facts: RealHistoryFacts | null = null;
    let failed = false;
    child.on('error', (error) => {
      failed = true;
      reject(error);
    });
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (failed) return;
      if (code !== 0 || !facts) reject(new Error(`git fast-import exited ${code}: ${stderr.slice(-2000)}`));
      else resolve(facts);
    });
    const stream = fastImportStream({ commits: o.commits, seed: o.seed });
    // Commits are small: hand git a few MB at a time rather than a write per commit.
    let batch: Buffer[] = [];
    let size = 0;
    const pump = () => {
      for (;;) {
        const next = stream.next();
        if (next.done) {
          facts = next.value;
          child.stdin.end(Buffer.concat([...batch, Buffer.from('done\n')]));
          return;
        }
        batch.push(next.value);
        size += next.value.length;
        if (size < 4 << 20) continue;
        const full = Buffer.concat(batch);
        batch = [];
        size = 0;
        if (!child.stdin.write(full)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}
