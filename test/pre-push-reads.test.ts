// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { exemptRule } from '../src/read/evaluate/exempt.js';
import { pushRange } from '../src/read/verify/pre-push.js';
import { trustDirChanges } from '../src/read/trust/range-changes.js';
import { ConfigError } from '../src/errors.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * pre-push answers trust's range check (did the pushed commits change `.ai-attest/`?) from the
 * batch read that peels the pushed ids. The answer must be the one the range's own reads give.
 */
const sandbox = makeSandbox('ai-attest-push-reads-');
afterAll(() => sandbox.cleanup());

function commit(repo: Repo, path: string, content: string): string {
  repo.write(path, content);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', `change ${path}`]);
  return repo.git(['rev-parse', 'HEAD']).trim();
}

describe('pre-push: the trust folder read with the peel', () => {
  const repo = makeRepo(sandbox, 'repo');
  const opts = { cwd: repo.dir, env: repo.env };
  const base = commit(repo, '.ai-attest/config.json', '{"version":1}\n');
  const plain = commit(repo, 'src/a.ts', 'export const a = 1;\n');
  const relaxed = commit(repo, '.ai-attest/config.json', '{"version":1,"relaxed":true}\n');
  const restored = commit(repo, '.ai-attest/config.json', '{"version":1}\n');
  const tag = (() => {
    repo.git(['tag', '-a', '-m', 'release', 'v1', plain]);
    return repo.git(['rev-parse', 'v1']).trim();
  })();

  it.each([
    ['a push that leaves .ai-attest/ alone', plain, base, false],
    ['a push that changes the config', relaxed, plain, true],
    ['a push whose tip holds the trusted folder again', restored, plain, false],
    ['a tag of a commit', tag, base, false],
  ])('finds what the range itself says: %s', async (_label, local, remote, changed) => {
    const range = await pushRange(
      'origin',
      [{ localRef: 'refs/heads/main', localOid: local, remoteRef: 'refs/heads/main', remoteOid: remote }],
      opts,
    );
    expect(range.known).toBeDefined();
    const { known: _known, ...unresolved } = range;
    const fromPeel = await trustDirChanges(range, Promise.resolve(remote), opts);
    const fromRange = await trustDirChanges(unresolved, Promise.resolve(remote), opts);
    expect(fromPeel).toEqual(fromRange);
    expect(fromPeel.size > 0).toBe(changed);
  });

  it('still sees a change when the trust revision is one the peel did not read (a new branch)', async () => {
    const range = await pushRange(
      'origin',
      [{ localRef: 'refs/heads/x', localOid: relaxed, remoteRef: 'refs/heads/x', remoteOid: '0'.repeat(40) }],
      opts,
    );
    const changes = await trustDirChanges(range, Promise.resolve(base), opts);
    expect([...changes.values()].flat().map((c) => c.path)).toContain('.ai-attest/config.json');
  });
});

describe('pre-push: the adoption point against the pushed range', () => {
  const repo = makeRepo(sandbox, 'adoption');
  const opts = { cwd: repo.dir, env: repo.env };
  const old = commit(repo, 'old.txt', 'before adoption\n');
  const point = commit(repo, 'point.txt', 'the adoption point\n');
  const fresh = commit(repo, 'new.txt', 'after adoption\n');
  const exempt = (before: string) => ({ before, merges: false, authors: [] });
  const range = { revisions: [fresh, '--not', point], logOptions: [], description: 'the push' };

  it('tells the commits after the point from one walk of the range', async () => {
    const rule = await exemptRule(exempt(point), opts, range);
    expect([old, point, fresh].map((c) => rule.beforeAdoption(c))).toEqual([true, true, false]);
  });

  it('names a point that is not here as a configuration error with the fix', async () => {
    const error = await exemptRule(exempt('e'.repeat(40)), opts, range).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/names commit e{40}, which is not here: fetch the full history/);
  });
});
