// @module-tag git
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_REF } from '../src/core/model.js';
import { readCommitBatches, readCommitBatchesInto } from '../src/git/commit-batches.js';
import type { CommitRecord } from '../src/git/log.js';
import { importCommits } from './helpers/fast-import.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * readCommitBatchesInto (records handed over from the stream's events, detect's range read) must
 * give exactly what readCommitBatches (async iteration) gives: the same records, in the same
 * order, over many of git's pipe chunks with characters split between them, a Latin-1 commit
 * decoded again from its raw bytes, and the same failures.
 */
describe('readCommitBatchesInto', () => {
  const sandbox = makeSandbox();
  let repo: Repo;
  const history = Array.from({ length: 300 }, (_, k) => ({
    message: `change ${k + 1} é日本🙂\n\n${'naïve café 日本語 🙂 '.repeat(40 + ((k + 1) % 13))}\n\nAssisted-by: tool ${k + 1}\n`,
    path: `file${(k + 1) % 5}.txt`,
    content: `line ${k + 1}\n`,
    time: 1_700_000_000 + (k + 1) * 60,
    who: 'Zoë Dev <zoe@example.com>',
  }));

  beforeAll(() => {
    repo = makeRepo(sandbox, 'batches');
    importCommits(repo, history);
    for (const rev of ['main~3', 'main~150']) repo.git(['notes', `--ref=${NOTES_REF}`, 'add', '-m', `{"note":"日本 ${rev}"}`, rev]);
    // As an old tool wrote it: raw Latin-1 bytes, no `encoding` header, in the middle of the range.
    const parent = repo.git(['rev-parse', 'main']).trim();
    const tree = repo.git(['rev-parse', 'main^{tree}']).trim();
    const file = join(sandbox.root, 'latin1-commit');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`tree ${tree}\nparent ${parent}\n`),
        Buffer.from(
          'author Fran\xe7ois M\xfcller <fm@example.com> 1800000000 +0000\n' +
            'committer Fran\xe7ois M\xfcller <fm@example.com> 1800000000 +0000\n\nr\xe9sum\xe9\n',
          'latin1',
        ),
      ]),
    );
    const latin = repo.git(['hash-object', '-t', 'commit', '-w', file]).trim();
    repo.git(['update-ref', 'refs/heads/main', latin]);
    repo.git(['commit', '-q', '--allow-empty', '-m', 'after the Latin-1 one']);
  });
  afterAll(() => sandbox.cleanup());

  const iterated = async (revisions: string[], notesRef?: string) => {
    const out: CommitRecord[][] = [];
    for await (const batch of readCommitBatches(revisions, { cwd: repo.dir, env: repo.env, ...(notesRef ? { notesRef } : {}) }))
      out.push(batch);
    return out;
  };
  const handed = async (revisions: string[], notesRef?: string) => {
    const out: CommitRecord[][] = [];
    await readCommitBatchesInto(revisions, { cwd: repo.dir, env: repo.env, ...(notesRef ? { notesRef } : {}) }, (batch) => {
      out.push(batch);
    });
    return out;
  };

  it('hands over the records async iteration gives, in order, notes and Latin-1 text included', async () => {
    for (const notesRef of [undefined, NOTES_REF]) {
      const expected = (await iterated(['main'], notesRef)).flat();
      const batches = await handed(['main'], notesRef);
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.every((b) => b.length > 0)).toBe(true);
      expect(batches.flat()).toEqual(expected);
      expect(expected).toHaveLength(302);
      expect(expected.find((r) => r.authorEmail === 'fm@example.com')).toMatchObject({
        authorName: 'François Müller',
        message: 'résumé\n',
      });
      // Read without notes, every note is '' (git would print a literal `%N`), not just absent ones.
      expect(expected.filter((r) => r.note).length).toBe(notesRef ? 2 : 0);
    }
  });

  it('resolves only once a Latin-1 commit in the last chunk of the log is handed over', async () => {
    // Its raw bytes are read again after the stream has ended: the read waits for them.
    const latin = repo.git(['rev-parse', 'main~1']).trim();
    for (const revisions of [[`${latin}^!`], ['main~1', '--max-count=2']]) {
      const expected = (await iterated(revisions)).flat();
      expect(expected[0]).toMatchObject({ commit: latin, authorName: 'François Müller' });
      expect((await handed(revisions)).flat()).toEqual(expected);
    }
  });

  it('fails as the iterated read does on a revision git does not know', async () => {
    const iteratedError = await iterated(['no-such-branch']).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(iteratedError).toBeTruthy();
    await expect(handed(['no-such-branch'])).rejects.toThrow(iteratedError!);
  });

  it('stops git and rejects with what the callback threw', async () => {
    let calls = 0;
    const stopped = readCommitBatchesInto(['main'], { cwd: repo.dir, env: repo.env }, () => {
      calls++;
      throw new Error('enough');
    });
    await expect(stopped).rejects.toThrow('enough');
    expect(calls).toBe(1);
  });
});
