// @module-tag git
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesTips } from '../src/git/notes-probe.js';
import { makeRepo, type Repo } from './helpers/repo.js';

/** notesTips answers for two notes refs from one rev-parse, whichever of them exist. */
describe('notesTips', () => {
  let repo: Repo;
  let attest: string;
  let ai: string;
  const tips = (ref: string, other: string | null) => notesTips(ref, other, { cwd: repo.dir, env: repo.env });

  beforeAll(() => {
    repo = makeRepo();
    repo.git(['commit', '-q', '--allow-empty', '-m', 'one']);
    repo.git(['notes', '--ref=ai-attest', 'add', '-m', 'attested', 'HEAD']);
    repo.git(['notes', '--ref=ai', 'add', '-m', 'git-ai', 'HEAD']);
    // Names that a folder-like or prefix match would wrongly take for the refs asked about.
    repo.git(['update-ref', 'refs/notes/aix', 'HEAD']);
    repo.git(['update-ref', 'refs/notes/ai-attest-detail', 'HEAD']);
    attest = repo.git(['rev-parse', 'refs/notes/ai-attest']).trim();
    ai = repo.git(['rev-parse', 'refs/notes/ai']).trim();
  });
  afterAll(() => repo.sandbox.cleanup());

  it('gives both tips and the common git dir', async () => {
    expect(await tips('refs/notes/ai-attest', 'refs/notes/ai')).toEqual({ commonDir: join(repo.dir, '.git'), commit: attest, other: ai });
  });

  it('tells which of the two is missing, in either place', async () => {
    expect(await tips('refs/notes/ai-attest', 'refs/notes/missing')).toMatchObject({ commit: attest, other: null });
    expect(await tips('refs/notes/missing', 'refs/notes/ai')).toMatchObject({ commit: null, other: ai });
    expect(await tips('refs/notes/missing', 'refs/notes/gone')).toMatchObject({ commit: null, other: null });
    expect(await tips('refs/notes/ai-attest', null)).toMatchObject({ commit: attest, other: null });
  });

  it('matches names exactly, and the same ref twice', async () => {
    expect(await tips('refs/notes/ai-attest', 'refs/notes/ai-attest')).toMatchObject({ commit: attest, other: attest });
    expect(await tips('refs/notes/ai-attes', 'refs/notes/a')).toMatchObject({ commit: null, other: null });
  });

  it('takes a name that cannot be a notes ref for none, never for a pattern', async () => {
    expect(await tips('refs/notes/ai-attest', 'refs/notes/*')).toMatchObject({ commit: attest, other: null });
    expect(await tips('refs/notes/ai-attest', 'refs/heads/main')).toMatchObject({ commit: attest, other: null });
  });

  it('answers from a subfolder and from a linked worktree with the common git dir', async () => {
    repo.write('sub/file.txt', 'x\n');
    expect((await notesTips('refs/notes/ai-attest', null, { cwd: join(repo.dir, 'sub'), env: repo.env })).commonDir).toBe(
      join(repo.dir, '.git'),
    );
    const linked = join(repo.sandbox.root, 'linked');
    repo.git(['worktree', 'add', '-q', '--detach', linked]);
    expect(await notesTips('refs/notes/ai-attest', 'refs/notes/ai', { cwd: linked, env: repo.env })).toEqual({
      commonDir: join(repo.dir, '.git'),
      commit: attest,
      other: ai,
    });
  });
});
