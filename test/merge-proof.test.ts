// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergedTrees, mergedTreesBatched, mergedTreesOneByOne, mergeTreeTakesStdin, type MergePair } from '../src/git/exempt-facts.js';
import { fakeGit } from './helpers/fake-git.js';
import { makeRepo, type Repo } from './helpers/repo.js';

/**
 * The merge proof (is a merge's tree git's own merge of its parents?) is computed one
 * `git merge-tree` per merge, or all merges of a batch in one `git merge-tree --stdin`: both
 * must give every merge the same answer, and that answer must be git's.
 */
describe('merge proofs: one process per merge and one batch agree', () => {
  let repo: Repo;
  /** Each merge by name, with what its proof must say. */
  const merges = new Map<string, { pair: MergePair; tree: string; expect: 'clean-same' | 'clean-other' | 'conflict' }>();

  beforeAll(() => {
    repo = makeRepo();
    const g = (...args: string[]) => repo.git(args).trim();
    const commit = (message: string) => g('commit', '-q', '-m', message);
    const merge = (name: string, branch: string, expected: 'clean-same' | 'clean-other' | 'conflict', extra: () => void = () => {}) => {
      const r = repo.gitRaw(['merge', '--no-ff', '-q', '--no-edit', '--allow-unrelated-histories', branch]);
      if (r.status !== 0) {
        // A conflict: resolved by taking ours, as a person would after editing.
        g('checkout', '--ours', '.');
        g('add', '-A');
        commit(`${name} (resolved)`);
      }
      extra();
      const id = g('rev-parse', 'HEAD');
      const parents = g('rev-list', '--parents', '-n1', 'HEAD').split(' ').slice(1) as [string, string];
      merges.set(name, { pair: { commit: id, parents }, tree: g('rev-parse', 'HEAD^{tree}'), expect: expected });
    };
    const lines = (n: number, tag = '') => `${Array.from({ length: n }, (_, i) => `line ${i}${tag}`).join('\n')}\n`;

    repo.write('a.txt', lines(20));
    repo.write('dir/b.txt', lines(20));
    repo.write('moved.txt', lines(30));
    g('add', '-A');
    commit('base');

    // Disjoint changes: git's merge is the merge's tree.
    g('checkout', '-q', '-b', 'side');
    repo.write('c.txt', 'side\n');
    g('add', '-A');
    commit('side adds c');
    g('checkout', '-q', 'main');
    repo.write('d.txt', 'main\n');
    g('add', '-A');
    commit('main adds d');
    merge('clean', 'side', 'clean-same');

    // A rename on one side, an edit of the same file on the other: rename detection merges them.
    g('checkout', '-q', '-b', 'rename');
    g('mv', 'moved.txt', 'renamed.txt');
    commit('rename');
    g('checkout', '-q', 'main');
    repo.write('moved.txt', lines(30).replace('line 3\n', 'line three\n'));
    g('add', '-A');
    commit('edit the file the branch renames');
    merge('rename', 'rename', 'clean-same');

    // Both sides change the same line: a conflict, resolved.
    g('checkout', '-q', '-b', 'clash');
    repo.write('a.txt', lines(20).replace('line 5\n', 'line five (clash)\n'));
    g('add', '-A');
    commit('clash edits line 5');
    g('checkout', '-q', 'main');
    repo.write('a.txt', lines(20).replace('line 5\n', 'line five (main)\n'));
    g('add', '-A');
    commit('main edits line 5');
    merge('conflict', 'clash', 'conflict');

    // A clean merge with a change slipped in (amended into the merge): git's merge differs.
    g('checkout', '-q', '-b', 'evil');
    repo.write('e.txt', 'evil\n');
    g('add', '-A');
    commit('evil adds e');
    g('checkout', '-q', 'main');
    merge('evil', 'evil', 'clean-other', () => {
      repo.write('a.txt', `${lines(20)}slipped in\n`);
      g('add', '-A');
      g('commit', '-q', '--amend', '--no-edit');
    });

    // An unrelated history: git refuses to merge it (null), one process or in the batch.
    g('checkout', '-q', '--orphan', 'other');
    g('rm', '-q', '-rf', '.');
    repo.write('other.txt', 'other root\n');
    g('add', '-A');
    commit('unrelated root');
    g('checkout', '-q', 'main');
    merge('unrelated', 'other', 'conflict');

    // Criss-cross: two merge bases, so git merges them into a virtual base first.
    g('checkout', '-q', '-b', 'x1');
    repo.write('x.txt', lines(10, ' x1'));
    g('add', '-A');
    commit('x1');
    g('checkout', '-q', '-b', 'x2', 'main');
    repo.write('y.txt', lines(10, ' x2'));
    g('add', '-A');
    commit('x2');
    g('checkout', '-q', 'x1');
    g('merge', '-q', '--no-ff', '--no-edit', 'x2~0');
    const x1 = g('rev-parse', 'HEAD');
    g('checkout', '-q', 'x2');
    g('merge', '-q', '--no-ff', '--no-edit', `${x1}^1`);
    repo.write('dir/b.txt', lines(20).replace('line 1\n', 'line one (x2)\n'));
    g('add', '-A');
    commit('x2 edits b');
    g('checkout', '-q', 'x1');
    repo.write('a.txt', lines(20).replace('line 15\n', 'line fifteen (x1)\n'));
    g('add', '-A');
    commit('x1 edits a');
    merge('criss-cross', 'x2', 'clean-same');

    // A merge of a commit main already contains (`git merge` would say "already up to date").
    g('checkout', '-q', 'main');
    const again = g('commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-p', 'HEAD~3', '-m', 'merge an ancestor');
    g('reset', '-q', '--hard', again);
    merge('ancestor', 'HEAD', 'clean-same', () => {});
  }, 60_000);

  afterAll(() => repo.sandbox.cleanup());

  const pairs = () => [...merges.values()].map((m) => m.pair);

  it('this git takes --stdin (git 2.39.5 and later here), and an answer is asked once', async () => {
    const options = { cwd: repo.dir, env: repo.env };
    expect(await mergeTreeTakesStdin(options)).toBe(true);
    const fake = fakeGit([{ command: 'merge-tree --write-tree --stdin', status: 129, stderr: "error: unknown option `stdin'" }]);
    expect(await mergeTreeTakesStdin({ ...options, git: fake })).toBe(false);
    expect(await mergeTreeTakesStdin({ ...options, git: fake })).toBe(false);
    expect(fake.commands).toEqual(['merge-tree --write-tree --stdin']);
  });

  it("gives each merge git's own answer, the same in one batch as one by one", async () => {
    const options = { cwd: repo.dir, env: repo.env };
    const batched = await mergedTreesBatched(pairs(), options);
    const single = await mergedTreesOneByOne(pairs(), options);
    expect(Object.fromEntries(batched)).toEqual(Object.fromEntries(single));
    expect(batched.size).toBe(merges.size);
    for (const [name, m] of merges) {
      const tree = batched.get(m.pair.commit);
      const said = tree === null ? 'conflict' : tree === m.tree ? 'clean-same' : 'clean-other';
      expect(said, name).toBe(m.expect);
    }
  });

  it('carries on past a refused merge wherever it sits in the batch', async () => {
    const options = { cwd: repo.dir, env: repo.env };
    const all = pairs();
    const unrelated = merges.get('unrelated')!.pair;
    const others = all.filter((p) => p !== unrelated);
    for (const order of [
      [unrelated, ...others],
      [...others, unrelated],
      [...others.slice(0, 2), unrelated, unrelated, ...others.slice(2)].map((p, i) => ({ ...p, commit: `${p.commit}:${i}` })),
    ]) {
      const batched = await mergedTreesBatched(order, options);
      const single = await mergedTreesOneByOne(order, options);
      expect(Object.fromEntries(batched)).toEqual(Object.fromEntries(single));
      expect(batched.size).toBe(order.length);
    }
  });

  it('chooses the one-by-one path when git has no --stdin', async () => {
    const { commit, parents } = merges.get('clean')!.pair;
    const fake = fakeGit([
      { command: 'merge-tree --write-tree --stdin', status: 129 },
      { command: `merge-tree --write-tree --no-messages ${parents[0]} ${parents[1]}`, stdout: `${'a'.repeat(40)}\n` },
    ]);
    const trees = await mergedTrees([{ commit, parents }], { cwd: repo.dir, env: repo.env, git: fake });
    expect(trees.get(commit)).toBe('a'.repeat(40));
  });

  it('proves nothing of a merge whose parent is missing (a shallow clone), in either path', async () => {
    const clean = merges.get('clean')!.pair;
    const missing: MergePair = { commit: 'f'.repeat(40), parents: ['f'.repeat(40), clean.parents[0]] };
    const options = { cwd: repo.dir, env: repo.env };
    for (const list of [[missing], [clean, missing, clean].map((p, i) => ({ ...p, commit: `${p.commit}:${i}` }))]) {
      const batched = await mergedTreesBatched(list, options);
      expect(Object.fromEntries(batched)).toEqual(Object.fromEntries(await mergedTreesOneByOne(list, options)));
      expect(batched.get(list.find((p) => p.parents[0] === missing.parents[0])!.commit)).toBeNull();
    }
  });

  it('fails loudly on what git does not answer per merge', async () => {
    const fake = fakeGit([{ command: /^merge-tree/, status: 128, stderr: 'fatal: bad object' }]);
    const options = { cwd: repo.dir, env: repo.env, git: fake };
    await expect(mergedTreesBatched(pairs(), options)).rejects.toThrow(/merge-tree.*bad object/);
    await expect(mergedTreesOneByOne(pairs(), options)).rejects.toThrow(/merge-tree.*bad object/);
  });

  it('verify and report read a never-adopted history with these merges; a refused merge is unknown, not a crash', () => {
    const verify = repo.cli(['verify', '--json', 'main']);
    expect(verify.status, verify.stderr).toBe(0);
    const status = new Map(
      (JSON.parse(verify.stdout) as { commits: { commit: string; status: string }[] }).commits.map((c) => [c.commit, c.status]),
    );
    const want = { clean: 'exempt', rename: 'exempt', conflict: 'warn', evil: 'warn', unrelated: 'warn', ancestor: 'exempt' };
    for (const [name, verdict] of Object.entries(want)) expect(status.get(merges.get(name)!.pair.commit), name).toBe(verdict);
    const report = repo.cli(['report', 'main', '--format', 'json']);
    expect(report.status, report.stderr).toBe(0);
  });
});
