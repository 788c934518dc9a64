import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildPredicate, signPredicate } from '../../src/core/attest.js';
import type { Answers, ToolUse } from '../../src/core/model.js';
import { sensitiveMatcher } from '../../src/config/sensitive.js';
import type { Config } from '../../src/config/types.js';
import { generateKey } from '../../src/crypto/keystore.js';
import { loadSigningKey } from '../../src/crypto/signing-key.js';
import { commitPatchIds } from '../../src/git/patch-id.js';
import { benchSandbox, cli, run } from './sandbox.js';
import { mulberry32 } from '../../test/helpers/rng.js';

export interface HistoryOptions {
  commits: number;
  /** Files each commit (after the root) changes. */
  filesPerCommit?: number;
  /** Lines of each file; a commit rewrites a few of them. */
  linesPerFile?: number;
  /** Distinct files in the tree (the root commit adds them all). */
  files?: number;
  /** Relative weights of the declarations: AI used, and attested human-only. */
  aiShareMix?: { used: number; none: number };
  /** File each statement in refs/notes/ai-attest too, as the post-commit hook does. */
  withNotes?: boolean;
  /** Where to create the repository (default: a new sandbox). */
  dir?: string;
  /** The sandbox environment (HOME, git config, AI_ATTEST_HOME); default: a new one. */
  env?: NodeJS.ProcessEnv;
  seed?: number;
  /** Told how long each step took. */
  log?: (message: string) => void;
}

export interface History {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Revisions that name the whole history, for git log and ai-attest alike. */
  range: string[];
  head: string;
  root: string;
  /** Commit ids, oldest first. */
  ids: string[];
  /** Commits that declare AI use. */
  aiCommits: number;
  buildMs: number;
  /** Removes the sandbox when buildHistory made it. */
  cleanup(): void;
}

const AUTHOR = { name: 'Bench Dev', email: 'bench@example.com' };
/** Every commit and signature is dated from here, a minute apart: the same history on every run. */
const EPOCH = Date.UTC(2024, 0, 1) / 1000;
const KEY_DATE = new Date(Date.UTC(2023, 0, 1));
const TOOLS: ToolUse[] = [
  { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
  { tool: 'copilot', model: 'gpt-4.1-2025-04-14', via: 'ide-plugin' },
  { tool: 'codex', model: 'gpt-5-codex', via: 'cli-agent' },
];

/**
 * A repository of `commits` commits, each with a valid signed attestation in its trailers (and
 * note), built in seconds: object ids are computed here (git's object encoding hashed with
 * SHA-1), so each commit's binding (tree, parents, patch-id) is known before it is written.
 *
 * 1. a first `git fast-import` writes the blobs and placeholder commits: that gives the trees
 *    and, through one batched `git diff-tree | git patch-id`, every commit's patch-id (both
 *    depend only on the files, not on the messages or parents);
 * 2. each statement is bound to tree, computed parent id and patch-id, signed with the native
 *    signer, and the commit id computed from the message that carries it;
 * 3. a second `git fast-import` writes the real commits (reusing the blobs) and the notes.
 *
 * Deterministic for a given seed: file contents, dates and declarations are fixed; only the
 * signing key (generated per build) differs between builds.
 */
export async function buildHistory(options: HistoryOptions): Promise<History> {
  const started = performance.now();
  const box = options.env ? null : benchSandbox('ai-attest-history-');
  const env = options.env ?? box!.env;
  const dir = options.dir ?? join(box!.root, 'history');
  const n = options.commits;
  const perCommit = options.filesPerCommit ?? 3;
  const lines = options.linesPerFile ?? 20;
  const poolSize = options.files ?? 200;
  const mix = options.aiShareMix ?? { used: 1, none: 1 };
  const rand = mulberry32(options.seed ?? 1);
  let lap = started;
  const step = (what: string) => {
    const now = performance.now();
    options.log?.(`${what}: ${(now - lap).toFixed(0)} ms`);
    lap = now;
  };

  mkdirSync(dir, { recursive: true });
  run('git', ['init', '-q'], dir, env);
  // A key older than the first commit: a signature older than its key would be not-yet-valid.
  await generateKey({ name: AUTHOR.name, email: AUTHOR.email, date: KEY_DATE, makeDefault: true, home: env.AI_ATTEST_HOME! });
  const init = cli(['init', '--yes'], dir, env);
  if (init.status !== 0) throw new Error(`ai-attest init failed: ${init.stderr}`);
  const config = JSON.parse(readFileSync(join(dir, '.ai-attest', 'config.json'), 'utf8')) as Config;
  const signer = await loadSigningKey({ env });
  const sensitiveOf = sensitiveMatcher(config.sensitive);
  step('key and ai-attest init');

  // The files: a pool, a few of them where the default sensitive globs match.
  const paths = Array.from({ length: poolSize }, (_, i) =>
    i % 25 === 0 ? `src/auth/handler${i}.ts` : i % 7 === 0 ? `docs/page${i}.md` : `src/mod${i % 10}/file${i}.ts`,
  );
  const contents = paths.map((p) => Array.from({ length: lines }, (_, k) => `// ${p} line ${k}: ${word(rand)} ${word(rand)}`));
  const changes: Array<Array<{ path: string; blob: string; data: string }>> = [];
  for (let i = 0; i < n; i++) {
    const touched = i === 0 ? paths.map((_, k) => k) : pick(rand, poolSize, Math.min(perCommit, poolSize));
    changes.push(
      touched.map((k) => {
        const file = contents[k]!;
        if (i > 0)
          for (let e = 0; e < 3; e++) file[Math.floor(rand() * file.length)] = `// ${paths[k]} edit ${i}.${e}: ${word(rand)} ${word(rand)}`;
        const data = `${file.join('\n')}\n`;
        return { path: paths[k]!, blob: gitHash('blob', data), data };
      }),
    );
  }

  // The first commit adopts ai-attest (config and keyring committed): verify trusts committed objects only.
  changes[0]!.push(...adoptionFiles(dir));
  step('file contents');
  // Pass 1: blobs and placeholder commits, for trees and patch-ids.
  const tmpRef = 'refs/ai-attest-bench/placeholder';
  const pass1: string[] = [];
  for (let i = 0; i < n; i++) {
    pass1.push(`commit ${tmpRef}\nmark :${i + 1}\ncommitter ${AUTHOR.name} <${AUTHOR.email}> ${EPOCH} +0000\ndata 0\n`);
    if (i > 0) pass1.push(`from :${i}\n`);
    for (const c of changes[i]!) pass1.push(`M 100644 inline ${c.path}\ndata ${Buffer.byteLength(c.data)}\n${c.data}\n`);
    pass1.push('\n');
  }
  fastImport(pass1.join(''), dir, env);
  step('fast-import of blobs and placeholder commits');
  const placeholders = run('git', ['log', '--reverse', '--format=%H %T', tmpRef], dir, env)
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  run('git', ['update-ref', '-d', tmpRef], dir, env);
  if (placeholders.length !== n) throw new Error(`fast-import wrote ${placeholders.length} placeholder commits, expected ${n}`);
  const patchIds = await commitPatchIds(
    placeholders.map(([commit], i) => ({ commit: commit!, base: i > 0 ? placeholders[i - 1]![0]! : null })),
    { cwd: dir, env },
  );
  step('patch-ids');

  // Statements, messages and commit ids.
  const ids: string[] = [];
  const pass2: string[] = [];
  const notes: string[] = [];
  let aiCommits = 0;
  const weight = mix.used + mix.none;
  for (let i = 0; i < n; i++) {
    const [placeholder, tree] = placeholders[i]!;
    const time = EPOCH + i * 60;
    const parents = i > 0 ? [ids[i - 1]!] : [];
    const useAi = rand() * weight < mix.used;
    const tools = useAi ? TOOLS.filter((_, k) => k === i % TOOLS.length || (k === (i + 1) % TOOLS.length && i % 5 === 0)) : [];
    if (useAi) aiCommits++;
    const sensitive = changes[i]!.flatMap((c) => {
      const category = sensitiveOf(c.path);
      return category ? [{ path: c.path, category, ai: tools.map((t) => t.tool) }] : [];
    });
    const answers: Answers = useAi
      ? { ai: 'used', tools, share: 5 + Math.floor(rand() * 91), sensitive, source: 'env' }
      : { ai: 'none', tools: [], share: 0, sensitive, source: 'env' };
    const binding = { tree: tree!, parents, patchId: patchIds.get(placeholder!) ?? '' };
    const signed = signPredicate(buildPredicate(answers, binding, signer, new Date(time * 1000)), signer);
    const message = `Change ${i}: ${word(rand)} ${word(rand)}\n\n${signed.trailers.map((t) => `${t.key}: ${t.value}`).join('\n')}\n`;
    const person = `${AUTHOR.name} <${AUTHOR.email}> ${time} +0000`;
    const body = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${person}\ncommitter ${person}\n\n${message}`;
    ids.push(gitHash('commit', body));
    pass2.push(
      `commit refs/heads/main\nmark :${i + 1}\nauthor ${person}\ncommitter ${person}\ndata ${Buffer.byteLength(message)}\n${message}`,
    );
    if (i > 0) pass2.push(`from :${i}\n`);
    for (const c of changes[i]!) pass2.push(`M 100644 ${c.blob} ${c.path}\n`);
    pass2.push('\n');
    if (options.withNotes ?? true) notes.push(`N inline :${i + 1}\ndata ${Buffer.byteLength(signed.noteLine) + 1}\n${signed.noteLine}\n\n`);
  }
  if (notes.length) {
    pass2.push(`commit refs/notes/ai-attest\ncommitter ${AUTHOR.name} <${AUTHOR.email}> ${EPOCH + n * 60} +0000\ndata 0\n\n`, ...notes);
  }
  step('statements signed, commit ids computed');
  fastImport(pass2.join(''), dir, env);
  step('fast-import of commits and notes');

  const head = run('git', ['rev-parse', 'HEAD'], dir, env).trim();
  if (head !== ids[n - 1])
    throw new Error(
      `HEAD is ${head}, but the computed id of the last commit is ${ids[n - 1]}: the object encoding here and git's disagree`,
    );
  run('git', ['reset', '-q', '--hard', 'HEAD'], dir, env);
  step('checkout');
  return {
    dir,
    env,
    range: ['HEAD'],
    head,
    root: ids[0]!,
    ids,
    aiCommits,
    buildMs: performance.now() - started,
    cleanup: () => box?.cleanup(),
  };
}

/**
 * fast-import grows and shrinks its heap in small steps; where brk is slow (virtual machines
 * here spent 96% of a 13 s import in it) a large malloc top pad makes the same import 0.5 s.
 */
function fastImport(stream: string, dir: string, env: NodeJS.ProcessEnv): void {
  const padded = { ...env, MALLOC_TOP_PAD_: env.MALLOC_TOP_PAD_ ?? String(256 << 20) };
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env: padded, input: stream, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`);
}

/** The id git gives an object: SHA-1 over "<type> <byte length>\0<content>". */
function gitHash(type: 'blob' | 'commit', content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`${type} ${bytes.length}\0`).update(bytes).digest('hex');
}

const WORDS = [
  'alpha',
  'bravo',
  'cache',
  'delta',
  'event',
  'fetch',
  'graph',
  'hash',
  'index',
  'join',
  'key',
  'list',
  'map',
  'node',
  'order',
  'parse',
];

function word(rand: () => number): string {
  return WORDS[Math.floor(rand() * WORDS.length)]!;
}

function pick(rand: () => number, size: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rand() * size));
  return [...chosen].sort((a, b) => a - b);
}

/** The files `ai-attest init` wrote under .ai-attest/, as the first commit would add them. */
function adoptionFiles(dir: string): Array<{ path: string; blob: string; data: string }> {
  const root = join(dir, '.ai-attest');
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => statSync(join(root, name)).isFile())
    .sort()
    .map((name) => {
      const data = readFileSync(join(root, name), 'utf8');
      return { path: `.ai-attest/${name.split('\\').join('/')}`, blob: gitHash('blob', data), data };
    });
}

/** The attested history the read benches share (BENCH_HISTORY commits, default 10,000), said on stderr once built. */
export async function attestedHistory(commits = Number(process.env.BENCH_HISTORY ?? 10_000)): Promise<History> {
  const history = await buildHistory({ commits, withNotes: true, filesPerCommit: 3, linesPerFile: 20 });
  process.stderr.write(`bench: built ${commits} attested commits in ${(history.buildMs / 1000).toFixed(1)} s\n`);
  return history;
}
