// @module-tag git
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHistory, type History } from '../bench/lib/history.js';
import { ed25519KeyPair } from './helpers/ed25519-key.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { cliAsync, editShare, recommit } from './helpers/tamper.js';

/**
 * A range long enough for the signatures to be checked on worker threads (over 1,500): the
 * verdicts must be the ones the main thread gives, a forgery deep inside included. A cold run's
 * workers also decode commits and check them with the work tree's keys before the trusted ones
 * are known: only when those are exactly the trusted keys do those checks count.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

let history: History;
let repo: Repo;
let forged: string;

beforeAll(async () => {
  history = await buildHistory({
    commits: 1800,
    withNotes: true,
    filesPerCommit: 2,
    linesPerFile: 8,
    dir: `${sandbox.root}/long`,
    env: sandbox.env,
  });
  repo = makeRepo(sandbox, 'long', false);
  // A copy of commit 1790 with an edited share, and the commits after it rebuilt on top of it.
  const target = history.ids[1790]!;
  forged = recommit(repo, target, { message: (m) => editShare(m, 1), keepNote: true });
  let parent = forged;
  for (const id of history.ids.slice(1791)) parent = recommit(repo, id, { parents: [parent], keepNote: true });
  repo.git(['update-ref', 'refs/heads/forged', parent]);
}, 120_000);

describe('a long range, signatures on worker threads', () => {
  it('passes the untouched history', async () => {
    const r = await cliAsync(repo, ['verify', history.head, '--json', '--no-cache']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ commits: 1800, ok: 1800, fail: 0 });
  });

  it('finds the one forged commit among 1,800, and carries the rebuilt ones', async () => {
    const r = await cliAsync(repo, ['verify', 'forged', '--json', '--no-cache']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const failing = report.commits.filter((c: { status: string }) => c.status === 'fail');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ commit: forged, results: [{ result: 'bad-signature', source: 'trailers' }] });
    expect(report.summary).toMatchObject({ commits: 1800, ok: 1790, carried: 9, fail: 1 });
  });

  it("counts the workers' early checks only when the work tree's keys are the trusted ones", async () => {
    const verify = async () => {
      const r = await cliAsync(repo, ['verify', 'forged', '--json', '--no-cache']);
      expect(r.status).toBe(1);
      return JSON.parse(r.stdout) as { commits: unknown[]; summary: unknown };
    };
    const trusted = await verify();
    const keys = join(repo.dir, '.ai-attest', 'keys');
    const [own] = readdirSync(keys);
    const ownText = readFileSync(join(keys, own!), 'utf8');
    const { publicKey } = await ed25519KeyPair('Someone Else', 'else@example.com');
    try {
      // An untracked key beside the trusted one, then the trusted file replaced: neither is trusted.
      writeFileSync(join(keys, 'zz-untracked.asc'), publicKey);
      expect(await verify()).toEqual(trusted);
      rmSync(join(keys, 'zz-untracked.asc'));
      writeFileSync(join(keys, own!), publicKey);
      expect(await verify()).toEqual(trusted);
    } finally {
      rmSync(join(keys, 'zz-untracked.asc'), { force: true });
      writeFileSync(join(keys, own!), ownText);
    }
  }, 60_000);
});
