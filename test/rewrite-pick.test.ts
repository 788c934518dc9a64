// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { carryOf, commit, lines, passes, predicates, verify } from './helpers/rewrite.js';
import { makeSandbox } from './helpers/repo.js';

/**
 * Cherry-pick and `merge --squash`, which git runs without post-rewrite: after each, verify must
 * report every commit as ok, carried, or explicitly flagged (never a silent loss).
 */
const sandbox = makeSandbox('ai-attest-pick-');
afterAll(() => sandbox.cleanup());
let counter = 0;
const fresh = () => initRepo(sandbox, `pick${counter++}`);

describe('cherry-pick', () => {
  it('a clean pick is carried at once: post-commit hands it to post-rewrite, which re-signs it', () => {
    const repo = fresh();
    repo.git(['checkout', '-q', '-b', 'topic']);
    const picked = commit(repo, 'p.txt', lines(4), 'picked', CLAUDE, 25);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'm.txt', 'm\n', 'main work');
    repo.git(['cherry-pick', picked]);
    expect(carryOf(repo)).toMatchObject({
      source: 'carry',
      carriedFrom: [picked],
      share: 25,
      extensions: { 'ai-attest.carry': { kind: 'cherry-pick', proof: 'patch-id' } },
    });
    const v = verify(repo, 'HEAD').get('picked')!;
    expect(passes(v)).toBe(true);
    expect(v.statement?.source).toBe('carry');
    // The original statement travels along as evidence.
    expect(predicates(repo).some((p) => p.source === 'env' && p.share === 25)).toBe(true);
  });

  it('a pick whose conflict was resolved by an edit is flagged, not passed', () => {
    const repo = fresh();
    commit(repo, 'f.txt', lines(4), 'base');
    repo.git(['checkout', '-q', '-b', 'topic']);
    const picked = commit(repo, 'f.txt', lines(4, { 2: 'topic' }), 'picked', CLAUDE, 50);
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'f.txt', lines(4, { 2: 'main' }), 'main work');
    expect(repo.gitRaw(['cherry-pick', picked]).status).not.toBe(0);
    repo.write('f.txt', lines(4, { 2: 'merged by hand' }));
    repo.git(['add', '-A']);
    const done = repo.gitRaw(['cherry-pick', '--continue'], { env: { GIT_EDITOR: 'true' } });
    expect(done.status, done.stderr).toBe(0);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    repo.cli(['hook', 'post-rewrite', 'cherry-pick'], { input: `${picked} ${head}\n` });
    const v = verify(repo, 'HEAD').get('picked')!;
    expect(v.status).toBe('fail');
    expect(v.results.map((r) => r.fix).join('\n')).toMatch(/ai-attest attest/);
  });
});

describe('merge --squash', () => {
  it('commit-msg carries the squashed commits: merged answers, originals as evidence; carry then has nothing to do', async () => {
    const repo = fresh();
    repo.git(['checkout', '-q', '-b', 'topic']);
    const one = commit(repo, 'one.txt', lines(10), 'one', CLAUDE, 40);
    const two = commit(repo, 'two.txt', lines(10), 'two');
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'm.txt', 'm\n', 'main work');
    const base = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['merge', '--squash', 'topic']);

    const { carryAtCommit } = await import('../src/rewrite/commit-time.js');
    const { loadConfig } = await import('../src/config/load.js');
    const { config } = await loadConfig({ top: repo.dir });
    const gitDir = `${repo.dir}/.git`;
    const tree = repo.git(['write-tree'], {}).trim();
    const staged = repo.git(['diff', '--cached', '--name-only', base]).trim().split('\n');
    const patchId = repo
      .git(['patch-id', '--stable'], { input: repo.git(['diff', '--cached', '--full-index', '--binary', '--no-renames', base]) })
      .split(' ')[0]!;
    const carried = await carryAtCommit({
      cwd: repo.dir,
      env: repo.env,
      gitDir,
      commonDir: gitDir,
      top: repo.dir,
      config,
      base,
      tree,
      parents: [base],
      patchId,
      files: staged,
    });
    expect(carried).toMatchObject({ kind: 'merge-squash', carriedFrom: [one, two], answers: { ai: 'used', share: 20, source: 'carry' } });
    expect(carried!.evidence).toHaveLength(2);

    repo.git(['commit', '-q', '--no-edit']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    const signed = predicates(repo).find((p) => p.binding.tree === repo.git(['rev-parse', 'HEAD^{tree}']).trim() && p.source === 'carry');
    expect(signed).toMatchObject({ ai: 'used', share: 20, carriedFrom: [one, two] });
    expect(predicates(repo)).toHaveLength(3);
    const carry = repo.cli(['carry', `${base}..topic`, 'HEAD', '--json']);
    expect(carry.status, carry.stderr).toBe(0);
    expect(JSON.parse(carry.stdout).outcomes[0]).toMatchObject({ action: 'kept' });
    const v = verify(repo, 'HEAD').values().next().value!;
    expect(v.commit).toBe(head);
    // The merged answers were made for the squashed commits: carried, though bound exactly.
    expect(v.status, JSON.stringify(v.results)).toBe('carried');
    expect(v.statement).toMatchObject({ source: 'carry', share: 20, carriedFrom: [one, two], relation: 'exact' });
  });
});
