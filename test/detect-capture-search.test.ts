import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { excludesNothing, NoteDemand } from '../src/detect/note-demand.js';
import type { GitCall, GitProcess, GitResult, GitRunner } from '../src/git/run.js';

const TIP = 'a'.repeat(40);
const NOTED = 'b'.repeat(40);

/**
 * A git for NoteDemand alone: rev-parse names a notes commit, `git notes list` counts `notes`,
 * and `git grep` answers only when told to (or ends killed), so that the order of the count and
 * the search is the test's to choose.
 */
function scriptedGit(commonDir: string, notes: number) {
  const started: string[] = [];
  let killed = 0;
  let finish: (() => void) | null = null;
  const runner: GitRunner = {
    async run(args: readonly string[], _call: GitCall): Promise<GitResult> {
      const command = args.join(' ');
      started.push(command);
      if (args[0] === 'rev-parse') return { stdout: `${commonDir}\n${TIP}\n`, stderr: '', status: 0 };
      if (args[0] === 'notes') return { stdout: `${'c'.repeat(40)} ${'d'.repeat(40)}\n`.repeat(notes), stderr: '', status: 0 };
      throw new Error(`unexpected git ${command}`);
    },
    start(args: readonly string[]): GitProcess {
      started.push(args.join(' '));
      const stdout = new PassThrough();
      let settle: (r: GitResult) => void = () => undefined;
      const ended = new Promise<GitResult>((resolve) => (settle = resolve));
      finish = () => {
        stdout.end(`${TIP}:${NOTED.slice(0, 2)}/${NOTED.slice(2)}\0`);
        settle({ stdout: '', stderr: '', status: 0 });
      };
      return {
        stdin: new PassThrough(),
        stdout,
        ended,
        kill: () => {
          killed++;
          stdout.end();
          settle({ stdout: '', stderr: '', status: -1 });
        },
      };
    },
  };
  return { runner, started, killed: () => killed, finish: () => finish?.() };
}

describe('detect: the capture search beside the range, and the count of the notes that can call it off', () => {
  const dirs: string[] = [];
  const commonDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ai-attest-capture-search-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));
  /** A NoteDemand over `notes` notes, its rev-parse answered, told the range has reached 1,000 commits. */
  const begin = async (notes: number, wholeHistory: boolean) => {
    const dir = commonDir();
    const git = scriptedGit(dir, notes);
    const demand = new NoteDemand({ cwd: dir, git: git.runner } as { cwd: string }, null, true, wholeHistory);
    await settled();
    demand.progress(1000);
    return { dir, git, demand };
  };
  const greps = (git: ReturnType<typeof scriptedGit>) => git.started.filter((c) => c.includes('grep'));
  const counts = (git: ReturnType<typeof scriptedGit>) => git.started.filter((c) => c.startsWith('notes '));
  const keptIn = (dir: string) => existsSync(join(dir, 'ai-attest', 'detect-capture.json'));

  describe('a bounded range (it may stay small beside the notes of a long history)', () => {
    it('is counted with the search, which the count calls off while the range is small beside the notes (nothing kept)', async () => {
      const { dir, git, demand } = await begin(5000, false);
      // Both at once: the count and the search.
      expect(greps(git)).toHaveLength(1);
      expect(counts(git)).toHaveLength(1);
      await settled();
      expect(git.killed()).toBe(1);
      const known = await demand.known(1000);
      expect(known.capture).toBeNull();
      expect(demand.status(NOTED)).toBe('unknown');
      expect(keptIn(dir)).toBe(false);
    });

    it('is searched again once the range has grown to be worth it', async () => {
      const { git, demand } = await begin(5000, false);
      await settled();
      expect(git.killed()).toBe(1);
      demand.progress(1250);
      expect(greps(git)).toHaveLength(2);
      git.finish();
      const known = await demand.known(1250);
      expect([...(known.capture ?? [])]).toEqual([NOTED]);
    });

    it('is answered by the search when the count says it is worth its cost, and the answer is kept', async () => {
      const { dir, git, demand } = await begin(3000, false);
      await settled();
      git.finish();
      const known = await demand.known(1000);
      expect([...(known.capture ?? [])]).toEqual([NOTED]);
      expect(git.killed()).toBe(0);
      expect(demand.status(NOTED)).toBe('matters');
      expect(keptIn(dir)).toBe(true);
      expect(greps(git)).toHaveLength(1);
    });
  });

  describe('a whole history (it most likely covers the notes)', () => {
    it('is searched alone at 1,000 commits; a range that ends small beside the notes calls it off (nothing kept)', async () => {
      const { dir, git, demand } = await begin(5000, true);
      expect(greps(git)).toHaveLength(1);
      expect(counts(git)).toEqual([]);
      const known = await demand.known(1000);
      expect(known.capture).toBeNull();
      expect(counts(git)).toHaveLength(1);
      expect(git.killed()).toBe(1);
      expect(demand.status(NOTED)).toBe('unknown');
      expect(keptIn(dir)).toBe(false);
    });

    it('a search done when the range ends is the answer, with no count of the notes, and is kept', async () => {
      const { dir, git, demand } = await begin(5000, true);
      await settled();
      git.finish();
      await settled();
      const known = await demand.known(1000);
      expect([...(known.capture ?? [])]).toEqual([NOTED]);
      expect(demand.status(NOTED)).toBe('matters');
      expect(counts(git)).toEqual([]);
      expect(git.killed()).toBe(0);
      expect(keptIn(dir)).toBe(true);
    });

    it('a search still running when a range worth it ends is waited for', async () => {
      const { dir, git, demand } = await begin(3000, true);
      const known = demand.known(1000);
      await settled();
      expect(counts(git)).toHaveLength(1);
      expect(git.killed()).toBe(0);
      git.finish();
      expect([...((await known).capture ?? [])]).toEqual([NOTED]);
      expect(greps(git)).toHaveLength(1);
      expect(keptIn(dir)).toBe(true);
    });

    it('is not stopped while the range is still read: one search serves a range that grows', async () => {
      const { git, demand } = await begin(5000, true);
      await settled();
      demand.progress(1250);
      await settled();
      expect(git.killed()).toBe(0);
      git.finish();
      const known = await demand.known(1250);
      expect([...(known.capture ?? [])]).toEqual([NOTED]);
      expect(greps(git)).toHaveLength(1);
      expect(git.killed()).toBe(0);
    });
  });

  describe('at the end of the range, only the commits still waiting on the search count', () => {
    it('none waiting: a search still running is called off, not waited for, and the notes are not counted', async () => {
      const { git, demand } = await begin(3000, true);
      demand.progress(10_000);
      const known = await demand.known(10_000, 0);
      expect(known.capture).toEqual(new Set());
      expect(git.killed()).toBe(1);
      expect(counts(git)).toEqual([]);
    });

    it('few waiting beside many notes: called off, their own notes are read instead', async () => {
      const { git, demand } = await begin(10_000, true);
      demand.progress(10_000);
      const known = await demand.known(10_000, 100);
      expect(known.capture).toBeNull();
      expect(counts(git)).toHaveLength(1);
      expect(git.killed()).toBe(1);
    });

    it('a search already done is the answer however few wait', async () => {
      const { git, demand } = await begin(10_000, true);
      git.finish();
      await settled();
      expect([...((await demand.known(10_000, 1)).capture ?? [])]).toEqual([NOTED]);
      expect(git.killed()).toBe(0);
    });
  });

  it('tells a whole history from a bounded range', () => {
    expect(excludesNothing(['HEAD'])).toBe(true);
    expect(excludesNothing(['--exclude=refs/notes/*', '--all'])).toBe(true);
    expect(excludesNothing(['main', 'HEAD~3', '--branches'])).toBe(true);
    expect(excludesNothing(['origin/main..HEAD'])).toBe(false);
    expect(excludesNothing(['v1...v2'])).toBe(false);
    expect(excludesNothing(['^v1', 'HEAD'])).toBe(false);
    expect(excludesNothing(['HEAD', '--not', '--remotes'])).toBe(false);
    expect(excludesNothing(['HEAD^!'])).toBe(false);
    expect(excludesNothing(['HEAD'], ['--since=2026-01-01'])).toBe(false);
    expect(excludesNothing([])).toBe(false);
  });
});
