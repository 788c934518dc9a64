import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { NoteDemand } from '../src/detect/note-demand.js';
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

describe('detect: the capture search starts with the count of the notes', () => {
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
  const begin = async (notes: number) => {
    const dir = commonDir();
    const git = scriptedGit(dir, notes);
    const demand = new NoteDemand({ cwd: dir, git: git.runner } as { cwd: string }, null, true);
    await settled();
    demand.progress(1000);
    return { dir, git, demand };
  };

  it('is called off (git stopped, nothing kept) when the count says the range is small beside the notes', async () => {
    const { dir, git, demand } = await begin(5000);
    // Both at once: the count and the search.
    expect(git.started.filter((c) => c.includes('grep'))).toHaveLength(1);
    expect(git.started.filter((c) => c.startsWith('notes '))).toHaveLength(1);
    const known = await demand.known(1000);
    expect(known.capture).toBeNull();
    expect(git.killed()).toBe(1);
    expect(demand.status(NOTED)).toBe('unknown');
    expect(existsSync(join(dir, 'ai-attest', 'detect-capture.json'))).toBe(false);
  });

  it('is the answer when the count says it is worth its cost, and is kept', async () => {
    const { dir, git, demand } = await begin(3000);
    await settled();
    git.finish();
    const known = await demand.known(1000);
    expect([...(known.capture ?? [])]).toEqual([NOTED]);
    expect(git.killed()).toBe(0);
    expect(demand.status(NOTED)).toBe('matters');
    expect(existsSync(join(dir, 'ai-attest', 'detect-capture.json'))).toBe(true);
    expect(git.started.filter((c) => c.includes('grep'))).toHaveLength(1);
  });

  it('is not called off while the range is still read: one search serves a range that grows to be worth it', async () => {
    const { git, demand } = await begin(5000);
    await settled();
    // The count (5,000 notes) is in, the range so far (1,000 commits) small beside it: git goes on.
    expect(git.killed()).toBe(0);
    demand.progress(1250);
    git.finish();
    const known = await demand.known(1250);
    expect([...(known.capture ?? [])]).toEqual([NOTED]);
    // Searched once: not stopped when the count came in and started again once the range had grown.
    expect(git.started.filter((c) => c.includes('grep'))).toHaveLength(1);
    expect(git.killed()).toBe(0);
  });

  it('a search already done when a small range ends is its answer, and is kept', async () => {
    const { dir, git, demand } = await begin(5000);
    await settled();
    git.finish();
    await settled();
    const known = await demand.known(1000);
    expect([...(known.capture ?? [])]).toEqual([NOTED]);
    expect(git.killed()).toBe(0);
    expect(existsSync(join(dir, 'ai-attest', 'detect-capture.json'))).toBe(true);
  });
});
