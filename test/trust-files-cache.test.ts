// @module-tag git
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrustFiles } from '../src/read/trust/files.js';
import { initRepo } from './helpers/attested.js';
import { fakeGit } from './helpers/fake-git.js';
import { makeSandbox } from './helpers/repo.js';

/**
 * The trusted config and keyring read from a commit's objects, remembered by the id of its
 * `.ai-attest` folder (pre-push knows it from its batch read): the same files come back without
 * git, and anything else is read from git as before.
 */
const sandbox = makeSandbox('ai-attest-trust-cache-');
afterAll(() => sandbox.cleanup());

describe('readTrustFiles by folder id', () => {
  const repo = initRepo(sandbox, 'repo');
  const head = repo.git(['rev-parse', 'HEAD']).trim();
  const folder = repo.git(['rev-parse', 'HEAD:.ai-attest']).trim();
  const commonDir = join(repo.dir, '.git');
  const opts = { cwd: repo.dir, env: repo.env };
  const noGit = () => fakeGit([]);

  it('reads the same files from the cache as from git, and asks git nothing', async () => {
    const fromGit = await readTrustFiles(head, opts);
    expect(fromGit.configFound).toBe(true);
    expect(fromGit.keyFiles.length).toBeGreaterThan(0);
    expect(await readTrustFiles(head, { ...opts, commonDir, folder })).toEqual(fromGit);
    const git = noGit();
    expect(await readTrustFiles(head, { ...opts, git, commonDir, folder })).toEqual(fromGit);
    expect(git.commands).toEqual([]);
  });

  it('reads git for a folder it has not seen, and for a damaged cache', async () => {
    await expect(readTrustFiles(head, { ...opts, git: noGit(), commonDir, folder: 'f'.repeat(40) })).rejects.toThrow(/fake git/);
    writeFileSync(join(commonDir, 'ai-attest', 'trust-files-cache.json'), '{"version":1,"entries":[["x",{"keyFiles":3}]]}\n');
    await expect(readTrustFiles(head, { ...opts, git: noGit(), commonDir, folder })).rejects.toThrow(/fake git/);
    expect(await readTrustFiles(head, { ...opts, commonDir, folder })).toEqual(await readTrustFiles(head, opts));
  });
});

describe('readTrustFiles by commit id', () => {
  const repo = initRepo(sandbox, 'by-commit');
  const head = repo.git(['rev-parse', 'HEAD']).trim();
  const commonDir = join(repo.dir, '.git');
  const opts = { cwd: repo.dir, env: repo.env };

  it('reads a commit seen before from the cache, and asks git nothing', async () => {
    const fromGit = await readTrustFiles(head, opts);
    expect(await readTrustFiles(head, { ...opts, commonDir })).toEqual(fromGit);
    const git = fakeGit([]);
    expect(await readTrustFiles(head, { ...opts, git, commonDir })).toEqual(fromGit);
    expect(git.commands).toEqual([]);
  });

  it('never keeps a name that can move (a branch), only the id', async () => {
    await readTrustFiles('HEAD', { ...opts, commonDir: join(sandbox.root, 'by-name-cache') });
    await expect(readTrustFiles('HEAD', { ...opts, git: fakeGit([]), commonDir: join(sandbox.root, 'by-name-cache') })).rejects.toThrow(
      /fake git/,
    );
  });
});
