// @module-tag git
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureForCommit } from '../src/answers/commit-time.js';
import { appendEvents } from '../src/capture/store.js';
import { claudeEdit } from './helpers/capture-events.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

const edit = (id: string, file: string, written: string) => claudeEdit(file, written, { id });

/**
 * prepare-commit-msg computes the pre-fill (to offer it) and hands it to commit-msg, which takes
 * it for the same staged tree, base and buffer instead of reading the buffer and diff again.
 */
describe('the pre-fill is computed once per commit', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox);
  repo.write('a.ts', 'human();\n');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'base', '--no-verify']);
  const gitDir = join(repo.dir, '.git');
  const head = repo.git(['rev-parse', 'HEAD']).trim();
  const handover = join(gitDir, 'ai-attest', 'capture-prefill.json');

  it('commit-msg takes what prepare-commit-msg computed, without git, once', async () => {
    repo.write('a.ts', 'human();\nagent();\n');
    repo.git(['add', '-A']);
    appendEvents(gitDir, [edit('e1', 'a.ts', 'agent();\n')]);
    const ctx = { cwd: repo.dir, env: repo.env, gitDir, base: head, files: ['a.ts'], sensitive: [] };
    const prepared = await captureForCommit({ ...ctx, handOver: true });
    expect(prepared?.answers).toMatchObject({ ai: 'used', share: 100 });
    expect(existsSync(handover)).toBe(true);
    const tree = repo.git(['write-tree']).trim();
    // A cwd where git cannot run: the pre-fill must come from the hand-over, not from git.
    const nowhere = { ...ctx, cwd: join(sandbox.root, 'no-such-dir'), tree };
    const taken = await captureForCommit(nowhere);
    expect(taken?.answers).toEqual(prepared?.answers);
    expect(taken?.entries).toEqual(prepared?.entries);
    expect([...(taken?.used ?? [])]).toEqual([...(prepared?.used ?? [])]);
    expect(existsSync(handover)).toBe(false);
    await expect(captureForCommit(nowhere)).rejects.toThrow(); // taken once: the next call computes
  });

  it('an agent recording between the two hooks, or another tree, means computing again', async () => {
    const ctx = { cwd: repo.dir, env: repo.env, gitDir, base: head, files: ['a.ts'], sensitive: [] };
    await captureForCommit({ ...ctx, handOver: true });
    const tree = repo.git(['write-tree']).trim();
    appendEvents(gitDir, [edit('e2', 'a.ts', 'human();\n')]);
    const again = await captureForCommit({ ...ctx, tree });
    expect([...(again?.used ?? [])].sort()).toEqual(['e1', 'e2']);

    await captureForCommit({ ...ctx, handOver: true });
    const other = await captureForCommit({ ...ctx, tree: '0'.repeat(40) });
    expect(other?.used.size).toBe(2);
    expect(existsSync(handover)).toBe(false);
  });
});
