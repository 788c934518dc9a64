// @module-tag git
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchStreams } from '../src/git/prefetch.js';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/*
 * The trace cache (src/read/trace/cache.ts): a trace of commits traced before takes their view
 * from `.git/ai-attest/trace-cache.json` instead of their `git log` and evaluation, keyed by
 * verify's context and the notes ref's tip that sh reads with the context (src/git/prefetch.ts).
 * What the user sees must be the same with it, without it (--no-cache) and without the prefetch
 * (`node bin/ai-attest.cjs`, which never uses it), and a note added or removed between two runs
 * must show at once.
 */
const sandbox = makeSandbox('ai-attest-trace-cache-');
afterAll(() => sandbox.cleanup());

const COPILOT = 'copilot:gpt-4.1-2025-04-14';
const FILE = 'src/app.ts';
let repo: Repo;
const id: Record<string, string> = {};
const recorder = join(sandbox.root, 'recorder');
const record = join(sandbox.root, 'git-calls');

beforeAll(() => {
  repo = initRepo(sandbox);
  const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
  const commit = (name: string, at: number, env: NodeJS.ProcessEnv, message = name) => {
    lines[at] = `line ${at + 1} by ${name}`;
    repo.write(FILE, `${lines.join('\n')}\n`);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', message], { env });
    id[name] = repo.git(['rev-parse', 'HEAD']).trim();
  };
  commit('A', 0, { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40' });
  commit('B', 1, { AI_ATTEST_TOOLS: COPILOT, AI_ATTEST_PROPORTION: '20' });
  commit('C', 2, { AI_ATTEST_TOOLS: 'none' });
  commit('D', 3, { AI_ATTEST: '0' });
  // B's trailers on a commit of its own, hooks skipped: a claim that does not verify.
  const forged = repo.git(['log', '-1', '--format=%B', id.B!]).replace(/^B\n/, 'E\n');
  commit('E', 4, { AI_ATTEST: '0' }, forged);
  mkdirSync(recorder);
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(join(recorder, 'git'), `#!/bin/sh\necho "$*" >> '${record}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(recorder, 'git'), 0o755);
});

const cacheFile = () => join(repo.dir, '.git', 'ai-attest', 'trace-cache.json');
const env = () => ({ ...repo.env, PATH: `${recorder}${delimiter}${process.env.PATH}` });
const calls = () => {
  const list = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
  rmSync(record, { force: true });
  return list;
};
/** The bin executed, as installed: sh prefetches, and the trace cache is read and written. */
const executed = (argv: string[]) => {
  calls();
  const r = spawnSync(BIN, ['trace', ...argv], { cwd: repo.dir, env: env(), encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, git: calls() };
};
/** Run by node: no prefetch, so no trace cache; with --no-cache, no verify cache either. */
const direct = (argv: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'trace', ...argv], { cwd: repo.dir, env: env(), encoding: 'utf8' });
  calls();
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
};
const commitsRead = (git: string[]) => git.filter((c) => / log -z .*--stdin/.test(c)).length;
const without = ({ git: _, ...rest }: ReturnType<typeof executed>) => rest;

/** Lines last changed by A, B and C: commits that pass, all of them kept. */
const PASSING = ['-L', '1,3'];
/** And by D (unattested) and E (a forged claim): failures, never kept. */
const ALL = ['-L', '1,6'];
const FORMS = [[], ['--json'], ['--no-history'], ['--no-history', '--json']];

describe('the trace cache', () => {
  it('gives the same text and JSON as no cache and no prefetch; a warm trace reads no commit of those it holds', () => {
    for (const lines of [PASSING, ALL]) {
      for (const form of FORMS) {
        const argv = [FILE, ...lines, ...form];
        const label = JSON.stringify(argv);
        rmSync(cacheFile(), { force: true });
        const expected = direct([...argv, '--no-cache']);
        expect(expected.status, `${label}: ${expected.stderr}`).toBe(0);
        expect(direct(argv), label).toEqual(expected);
        const cold = executed(argv);
        expect(without(cold), label).toEqual(expected);
        expect(commitsRead(cold.git), label).toBe(1);
        const warm = executed(argv);
        expect(without(warm), label).toEqual(expected);
        // Only the failures are read again (D and E); the rest comes from the cache.
        expect(commitsRead(warm.git), label).toBe(lines === PASSING ? 0 : 1);
        if (lines === PASSING) {
          // sh's git alone: blame (and log -L) and the context's two reads.
          const history = !form.includes('--no-history');
          expect(warm.git.length, `${label}: ${warm.git.join('\n')}`).toBe(history ? 4 : 3);
        }
      }
    }
  });

  it('shows a note added, changed or removed between two runs at once', () => {
    const argv = [FILE, ...ALL, '--json'];
    const before = direct(argv);
    expect(executed(argv).stdout).toBe(before.stdout);
    expect(executed(argv).stdout).toBe(before.stdout);
    const noteOf = (commit: string) => repo.git(['notes', '--ref=ai-attest', 'show', commit]);
    const changes: Array<[string, string[]]> = [
      // A's statement on C: C now carries a claim it was not signed for.
      ['added', ['notes', '--ref=ai-attest', 'add', '-f', '-m', noteOf(id.A!).trim(), id.C!]],
      ['changed', ['notes', '--ref=ai-attest', 'add', '-f', '-m', noteOf(id.B!).trim(), id.C!]],
      ['removed', ['notes', '--ref=ai-attest', 'remove', id.C!]],
    ];
    let last = before.stdout;
    for (const [what, command] of changes) {
      repo.git(command);
      const expected = direct(argv);
      expect(expected.status, what).toBe(0);
      // Not vacuous: what C shows changed each time.
      expect(expected.stdout, what).not.toBe(last);
      expect(executed(argv).stdout, what).toBe(expected.stdout);
      expect(executed(argv).stdout, what).toBe(expected.stdout);
      last = expected.stdout;
    }
    expect(last).toBe(before.stdout);
  });

  it('is read where it holds: a damaged file changes nothing, an entry rewritten under its key is shown', () => {
    const argv = [FILE, ...PASSING, '--json'];
    const expected = direct(argv);
    executed(argv);
    const file = JSON.parse(readFileSync(cacheFile(), 'utf8')) as { key: string; commits: Record<string, string> };
    for (const damaged of [
      '',
      '{',
      '[]',
      JSON.stringify({ ...file, version: 0 }),
      JSON.stringify({ ...file, commits: { [id.A!]: '{' } }),
    ]) {
      writeFileSync(cacheFile(), damaged);
      expect(without(executed(argv)), damaged).toEqual(expected);
    }
    // Whoever can write .git/ can rewrite the repository itself: the cache adds no new way in, and this shows it is read.
    executed(argv);
    const kept = JSON.parse(readFileSync(cacheFile(), 'utf8')) as typeof file;
    const view = JSON.parse(kept.commits[id.A!]!) as { subject: string };
    kept.commits[id.A!] = JSON.stringify({ ...view, subject: 'from the cache' });
    writeFileSync(cacheFile(), JSON.stringify(kept));
    expect(JSON.parse(executed(argv).stdout).commits[id.A!].subject).toBe('from the cache');
    rmSync(cacheFile());
  });
});

describe("the context's one rev-parse", () => {
  /** What each command sh's combined rev-parse answers prints when git runs it alone, against the cut of the combined output. */
  function agrees(dir: string, e: NodeJS.ProcessEnv, label: string): void {
    const context = prefetchStreams({ file: 'f', specs: ['1,2'], history: false }).find((s) => s.kind === 'context')!;
    const combined = context.commands[0]!;
    const run = (args: readonly string[]) => spawnSync('git', args, { cwd: dir, env: e, encoding: 'utf8' });
    const all = run(combined.args);
    expect(all.status, `${label}: ${all.stderr}`).toBe(0);
    for (const answer of combined.answers) {
      const alone = run(answer.args);
      const cut = answer.cut(all.stdout);
      // Where the cut cannot tell (null), the function runs git itself: never a different answer.
      if (cut !== null) expect(cut, `${label}: ${answer.args.join(' ')}`).toBe(alone.stdout);
      else expect(alone.status, `${label}: ${answer.args.join(' ')}`).not.toBe(0);
    }
  }

  it('is cut into exactly what each command alone prints: notes or none, unborn, detached, a subfolder, a linked worktree', () => {
    const r = makeRepo(sandbox, 'shapes');
    const e = r.env;
    agrees(r.dir, e, 'unborn, no notes');
    r.write('sub/f.txt', 'x\n');
    r.git(['add', '-A']);
    r.git(['commit', '-q', '-m', 'one']);
    agrees(r.dir, e, 'no notes');
    r.git(['notes', '--ref=ai-attest', 'add', '-m', 'n', 'HEAD']);
    agrees(r.dir, e, 'notes');
    agrees(join(r.dir, 'sub'), e, 'a subfolder');
    r.git(['checkout', '-q', '--detach', 'HEAD']);
    agrees(r.dir, e, 'detached');
    r.git(['checkout', '-q', '--orphan', 'fresh']);
    agrees(r.dir, e, 'unborn, with notes');
    r.git(['checkout', '-q', '-f', 'main']);
    r.git(['worktree', 'add', '-q', join(sandbox.root, 'linked'), 'HEAD']);
    agrees(join(sandbox.root, 'linked'), e, 'a linked worktree');
    // A tag of the same name as the notes ref, under refs/tags/, is not its tip.
    r.git(['notes', '--ref=ai-attest', 'remove', 'HEAD']);
    r.git(['update-ref', '-d', 'refs/notes/ai-attest']);
    r.git(['tag', 'refs/notes/ai-attest', 'HEAD']);
    agrees(r.dir, e, 'a look-alike tag');
  });
});

describe("trace's code cache", () => {
  it('is its own: not the one the other lean commands share, which verify and report write with their top level only', () => {
    const cacheOf = (args: string[]) => {
      const r = spawnSync(BIN, args, { cwd: repo.dir, env: { ...repo.env, AI_ATTEST_TRACE: '1' }, encoding: 'utf8' });
      const line = /bundle compiled \((?:cache used|no cache|cache rejected), ([^)]*)\)/.exec(r.stderr);
      expect(line, r.stderr).not.toBeNull();
      return line![1]!;
    };
    cacheOf(['trace', FILE, ...PASSING]);
    const own = cacheOf(['trace', FILE, ...PASSING, '--json']);
    expect(own).toMatch(/[/\\]cli-lean\.[0-9a-f]{16}\.[0-9a-f]{16}\.trace\.cache$/);
    expect(existsSync(own)).toBe(true);
    expect(cacheOf(['verify'])).toMatch(/[/\\]cli-lean\.[0-9a-f]{16}\.[0-9a-f]{16}\.cache$/);
  });
});
