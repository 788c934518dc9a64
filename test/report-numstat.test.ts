// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { NumstatParser, readLineCounts, type CommitLines } from '../src/git/numstat.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

describe('NumstatParser', () => {
  it('reads files, renames, binaries and empty commits from -z tokens', () => {
    const p = new NumstatParser();
    const tokens = [
      '\u0001aaa',
      '\n3\t1\tsrc/a.ts',
      '-\t-\timg.png',
      '\u0001bbb',
      '\n0\t0\t',
      'old name',
      'new\tname',
      '2\t0\tx',
      '\u0001ccc',
    ];
    const out: CommitLines[] = [];
    for (const t of tokens) {
      const done = p.push(t);
      if (done) out.push(done);
    }
    out.push(p.finish()!);
    expect(out).toEqual([
      {
        commit: 'aaa',
        added: 3,
        deleted: 1,
        binaryFiles: 1,
        files: [
          { path: 'src/a.ts', added: 3, deleted: 1, binary: false },
          { path: 'img.png', added: 0, deleted: 0, binary: true },
        ],
      },
      {
        commit: 'bbb',
        added: 2,
        deleted: 0,
        binaryFiles: 0,
        files: [
          { path: 'new\tname', from: 'old name', added: 0, deleted: 0, binary: false },
          { path: 'x', added: 2, deleted: 0, binary: false },
        ],
      },
      { commit: 'ccc', added: 0, deleted: 0, binaryFiles: 0, files: [] },
    ]);
  });
});

describe('readLineCounts on a real history', () => {
  const repo = makeRepo(sandbox, 'lines');
  const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';
  repo.write('a.txt', lines(10, 'a'));
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'root']);
  // A rename with 2 of 40 lines changed: counted as 2 added, 2 deleted, not 40 + 40.
  repo.write('big.txt', lines(40, 'b'));
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'big']);
  repo.git(['rm', '-q', 'big.txt']);
  repo.write('dir, "quoted"/moved.txt', lines(40, 'b').replace('b 3\n', 'B 3\n').replace('b 7\n', 'B 7\n'));
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'rename']);
  repo.write('blob.bin', '\u0000\u0001\u0002binary');
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'binary']);
  repo.git(['commit', '-q', '--allow-empty', '-m', 'empty']);
  repo.git(['checkout', '-q', '-b', 'topic']);
  repo.write('t.txt', lines(5, 't'));
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'topic']);
  repo.git(['checkout', '-q', 'main']);
  repo.write('a.txt', lines(12, 'a'));
  repo.git(['commit', '-q', '-am', 'main edit']);
  repo.git(['merge', '-q', '--no-ff', '--no-edit', 'topic']);

  it('counts each commit, merges as none, in git log order', async () => {
    const got: CommitLines[] = [];
    for await (const c of readLineCounts(['HEAD'], { cwd: repo.dir, env: repo.env })) got.push(c);
    const ids = repo.git(['log', '--format=%H']).trim().split('\n');
    expect(got.map((c) => c.commit)).toEqual(ids);
    const bySubject = new Map(
      repo
        .git(['log', '--format=%H %s'])
        .trim()
        .split('\n')
        .map((l) => [l.slice(41), got.find((c) => c.commit === l.slice(0, 40))!]),
    );
    const sum = (s: string) => [bySubject.get(s)!.added, bySubject.get(s)!.deleted, bySubject.get(s)!.binaryFiles];
    expect(sum('root')).toEqual([10, 0, 0]);
    expect(sum('big')).toEqual([40, 0, 0]);
    expect(sum('rename')).toEqual([2, 2, 0]);
    expect(bySubject.get('rename')!.files).toEqual([
      { path: 'dir, "quoted"/moved.txt', from: 'big.txt', added: 2, deleted: 2, binary: false },
    ]);
    expect(sum('binary')).toEqual([0, 0, 1]);
    expect(sum('empty')).toEqual([0, 0, 0]);
    expect(sum('topic')).toEqual([5, 0, 0]);
    expect(sum('main edit')).toEqual([2, 0, 0]);
    expect(bySubject.get("Merge branch 'topic'")!.files).toEqual([]);
  });

  it('fails with the fix for a bad range', async () => {
    const read = async () => {
      for await (const _ of readLineCounts(['nope..HEAD'], { cwd: repo.dir, env: repo.env })) void _;
    };
    await expect(read()).rejects.toThrow(/Check the range/);
  });
});
