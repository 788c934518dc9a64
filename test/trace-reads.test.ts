// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommitsById, collectCommitsOnceKnown } from '../src/git/log.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

/**
 * trace reads its commits through a `git log --stdin` started before blame and log -L have
 * said which: the records must be exactly those of the plain read by id.
 */
describe('commits read once their ids are known', () => {
  let repo: Repo;
  const ids: string[] = [];

  beforeAll(() => {
    repo = makeRepo(sandbox, 'deferred');
    const author = { GIT_AUTHOR_NAME: 'Zoë Ünïcode', GIT_AUTHOR_EMAIL: 'zoe@example.com' };
    for (let i = 0; i < 4; i++) {
      repo.write('f.txt', `line ${i}\n`);
      repo.git(['add', 'f.txt']);
      repo.git(['commit', '-q', '-m', `change ${i}\n\nbody ${i}\nTrailer-Like: ${i}`], { env: author });
      ids.push(repo.git(['rev-parse', 'HEAD']).trim());
    }
    repo.git(['notes', '--ref=refs/notes/ai-attest', 'add', '-m', 'note one\nsecond line', ids[1]!]);
    repo.git(['notes', '--ref=refs/notes/ai-attest', 'add', '-m', 'no newline', ids[3]!]);
    // A merge, so that a record has two parents.
    repo.git(['checkout', '-q', '-b', 'side', ids[1]!]);
    repo.write('g.txt', 'side\n');
    repo.git(['add', 'g.txt']);
    repo.git(['commit', '-q', '-m', 'side']);
    repo.git(['checkout', '-q', 'main']);
    repo.git(['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    ids.push(repo.git(['rev-parse', 'HEAD']).trim());
  });

  it('gives the same records, in the order given, as reading them by id at once', async () => {
    const git = { cwd: repo.dir, env: repo.env };
    const wanted = ['HEAD', ids[2]!, ids[0]!, ids[3]!, ids[1]!, ids[4]!];
    let tell: (ids: string[]) => void = () => undefined;
    const later = collectCommitsOnceKnown(new Promise<string[]>((resolve) => (tell = resolve)), git);
    // git is already running and waiting on its stdin.
    await new Promise((resolve) => setTimeout(resolve, 50));
    tell(wanted);
    const records = await later;
    expect(records).toEqual(await collectCommitsById(wanted, git));
    expect(records.map((r) => r.commit)).toEqual([ids[4], ids[2], ids[0], ids[3], ids[1]]);
    expect(records.find((r) => r.commit === ids[1])?.note).toBe('note one\nsecond line\n');
    expect(records[0]!.parents).toHaveLength(2);
  });

  it('ends git unasked when the ids never come, and refuses a line that would name two revisions', async () => {
    const git = { cwd: repo.dir, env: repo.env };
    await expect(collectCommitsOnceKnown(Promise.reject(new Error('blame failed')), git)).rejects.toThrow();
    await expect(collectCommitsOnceKnown(Promise.resolve(['HEAD\nHEAD~1']), git)).rejects.toThrow(/not a revision/);
    await expect(collectCommitsOnceKnown(Promise.resolve(['--all']), git)).rejects.toThrow(/not a revision/);
    expect(await collectCommitsOnceKnown(Promise.resolve([]), git)).toEqual([]);
  });
});
