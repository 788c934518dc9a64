// @module-tag git
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitContribution } from '../src/detail/index.js';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeRecipient, secretCorpus, secretPieces, session, textWithSecrets, type TestRecipient } from './helpers/detail.js';
import type { Repo } from './helpers/repo.js';

const AI = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '80' };

function accessNote(repo: Repo, rev: string): string[] {
  const r = repo.gitRaw(['notes', '--ref=ai-attest-access', 'show', rev]);
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Every file under a folder, as text (the local buffers). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(readFileSync(path, 'latin1'));
  }
  return out;
}

describe('audited access to detail records', () => {
  let repo: Repo;
  let alice: TestRecipient;
  let bob: TestRecipient;
  let carol: TestRecipient;
  let commit: string;
  const keyFile = (r: TestRecipient): string => join(repo.sandbox.root, `${r.fingerprint}.key.asc`);
  const secrets = secretCorpus(77);
  const outputs: string[] = [];
  const cli = (args: string[]) => {
    const r = repo.cli(args);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      makeRecipient('Alice Compliance'),
      makeRecipient('Bob Incident'),
      makeRecipient('Carol Successor'),
    ]);
    repo = initRepo();
    for (const r of [alice, bob, carol]) writeFileSync(keyFile(r), r.privateArmored);
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.write('.ai-attest/recipients/bob.asc', bob.publicArmored);
    // Alice's key is trusted for signatures (her access records verify); Bob's is not.
    repo.write('.ai-attest/keys/alice.asc', alice.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Compliance recipients'], { env: { AI_ATTEST_TOOLS: 'none' } });
    // The recipients and Alice's key are on the main branch: what verification trusts.
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const gitDir = join(repo.dir, '.git');
    await submitContribution(session(3, 'src/auth/session.ts', textWithSecrets(secrets)), { cwd: repo.dir, gitDir });
    repo.write('src/auth/session.ts', 'export const session = 1;\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'AI change to a sensitive path'], { env: AI });
    commit = repo.git(['rev-parse', 'HEAD']).trim();
    execFileSync('git', ['init', '-q', '--bare', join(repo.sandbox.root, 'remote.git')], { env: repo.env });
    repo.git(['remote', 'add', 'origin', join(repo.sandbox.root, 'remote.git')]);
    // The commit is public (its records may be published); its notes are not pushed yet.
    repo.git(['push', '-q', 'origin', 'HEAD:refs/heads/main'], { env: { AI_ATTEST: '0' } });
  });
  const remoteGit = (args: string[]): string =>
    execFileSync('git', ['--git-dir', join(repo.sandbox.root, 'remote.git'), ...args], { env: repo.env }).toString();
  /** The remote's note of a commit under a notes ref, or '' (none). */
  const remoteNote = (ref: string, rev: string): string => {
    try {
      return remoteGit(['notes', `--ref=${ref}`, 'show', rev]);
    } catch {
      return '';
    }
  };
  afterAll(() => repo.sandbox.cleanup());

  it('refuses without a reason, and shows nothing', () => {
    const r = cli(['show', commit, '--detail', '--key', keyFile(alice)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs a reason.*--reason/);
    expect(r.stdout).toBe('');
    expect(accessNote(repo, commit)).toEqual([]);
  });

  it('shows nothing when the access record cannot be written', () => {
    const lock = join(repo.dir, '.git', 'refs', 'notes', 'ai-attest-access.lock');
    execFileSync('mkdir', ['-p', join(repo.dir, '.git', 'refs', 'notes')]);
    writeFileSync(lock, '');
    try {
      const r = cli(['show', commit, '--detail', '--reason', 'INC-1', '--key', keyFile(alice)]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/access record could not be written.*nothing is shown/s);
      expect(r.stdout).not.toMatch(/refactor the session handling/);
    } finally {
      rmSync(lock);
    }
    expect(accessNote(repo, commit)).toEqual([]);
  });

  it('decrypts for each recipient after appending a signed access record; access-log lists them with their verification', () => {
    const a = cli(['show', commit, '--detail', '--reason', 'INC-1234 token leak', '--key', keyFile(alice)]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/refactor the session handling in src\/auth\/session\.ts/);
    expect(a.stdout).toMatch(/request ids req_011CVabc, req_011CVdef/);
    expect(a.stdout).toMatch(/\[ai-attest:redacted:github-token\]/);
    expect(accessNote(repo, commit)).toHaveLength(1);
    // Pushed when possible: the remote has the access record at once.
    expect(remoteNote('ai-attest-access', commit).split('\n').filter(Boolean)).toEqual(accessNote(repo, commit));
    const b = cli(['show', commit, '--detail', '--reason', 'INC-1235', '--key', keyFile(bob), '--json']);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).detail.parts[0]).toMatchObject({ tool: 'claude-code', model: 'claude-sonnet-4-5-20250929' });
    expect(accessNote(repo, commit)).toHaveLength(2);

    const log = cli(['access-log', '--json']);
    const parsed = JSON.parse(log.stdout);
    expect(parsed.schema).toBe('ai-attest/access-log@1');
    const byReason = Object.fromEntries(
      parsed.entries.map((e: { access: { reason: string }; verification: string }) => [e.access.reason, e]),
    );
    expect(byReason['INC-1234 token leak']).toMatchObject({
      commit,
      verification: 'verified',
      access: { reader: { key: alice.fingerprint }, record: { commit }, via: 'show' },
    });
    expect(byReason['INC-1235']).toMatchObject({ verification: 'unknown-key', access: { reader: { key: bob.fingerprint } } });
    expect(log.status).toBe(1);
    const text = cli(['access-log', `${commit}^!`]);
    expect(text.stdout).toMatch(/verified {2}commit [0-9a-f]{12}/);
    expect(text.stdout).toMatch(/reason INC-1234 token leak/);
  });

  it('a forged access record (edited reason) does not verify', () => {
    const [line] = accessNote(repo, commit);
    const env = JSON.parse(line!);
    const stmt = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    stmt.predicate.reason = 'routine check';
    env.payload = Buffer.from(JSON.stringify(stmt)).toString('base64');
    repo.git(['notes', '--ref=ai-attest-access', 'append', '-m', JSON.stringify(env), commit]);
    const parsed = JSON.parse(cli(['access-log', '--json']).stdout);
    expect(parsed.entries.find((e: { access: { reason: string } }) => e.access?.reason === 'routine check')).toMatchObject({
      verification: 'bad-signature',
    });
  });

  it('refuses a non-recipient with a clear message, writing no access record', () => {
    const before = accessNote(repo, commit).length;
    const r = cli(['show', commit, '--detail', '--reason', 'curious', '--key', keyFile(carol)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`your key ${carol.fingerprint} is not a recipient.*ask one of them`, 's'));
    expect(r.stdout).toBe('');
    expect(accessNote(repo, commit)).toHaveLength(before);
  });

  it('after a rotation to new recipients the old record is readable by the new one, and still verifies', () => {
    repo.git(['rm', '-q', '.ai-attest/recipients/bob.asc']);
    repo.write('.ai-attest/recipients/carol.asc', carol.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'Rotate compliance recipients: Bob out, Carol in'], { env: { AI_ATTEST_TOOLS: 'none' } });
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const rotated = cli(['detail', 'rotate', '--key', keyFile(alice), '--json']);
    expect(rotated.status, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout).commits).toEqual([{ commit, rotated: 1, skipped: 0 }]);
    const c = cli(['show', commit, '--detail', '--reason', 'INC-2000 handover', '--key', keyFile(carol)]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/refactor the session handling/);
    const b = cli(['show', commit, '--detail', '--reason', 'INC-2001', '--key', keyFile(bob)]);
    expect(b.stderr).toMatch(/not a recipient/);
    const v = cli(['verify', `${commit}^!`, '--json', '--no-cache']);
    expect(JSON.parse(v.stdout).commits[0].status).toBe('ok');
  });

  it('trace --detail reads the records of the traced commits through the same audited path', () => {
    const before = accessNote(repo, commit).length;
    const r = cli(['trace', 'src/auth/session.ts', '-L', '1,1', '--detail', '--reason', 'INC-3000 trace', '--key', keyFile(alice)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`detail record of ${commit}`));
    expect(r.stdout).toMatch(/refactor the session handling/);
    const lines = accessNote(repo, commit);
    expect(lines).toHaveLength(before + 1);
    const last = lines
      .map((l) => JSON.parse(Buffer.from(JSON.parse(l).payload, 'base64').toString('utf8')).predicate)
      .find((p) => p.reason === 'INC-3000 trace');
    expect(last).toMatchObject({ via: 'trace', record: { commit } });
  });

  it('sync publishes the detail records with the notes', () => {
    const r = cli(['sync', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(remoteNote('ai-attest-detail', commit)).toBe(repo.git(['notes', '--ref=ai-attest-detail', 'show', commit]));
  });

  it('publishes only detail and access records of commits the remote has: a private branch keeps them local', async () => {
    repo.git(['checkout', '-q', '-b', 'embargoed-fix']);
    await submitContribution(session(2, 'src/auth/embargo.ts'), { cwd: repo.dir, gitDir: join(repo.dir, '.git'), key: 'embargo' });
    repo.write('src/auth/embargo.ts', 'export const fix = 1;\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'embargoed security fix'], { env: AI });
    const secret = repo.git(['rev-parse', 'HEAD']).trim();
    expect(repo.git(['notes', '--ref=ai-attest-detail', 'show', secret])).toContain('"ai-attest-detail"');
    const read = cli(['show', secret, '--detail', '--reason', 'INC-4000 embargo review', '--key', keyFile(alice)]);
    expect(read.status, read.stderr).toBe(0);
    expect(accessNote(repo, secret)).toHaveLength(1);
    const synced = JSON.parse(cli(['sync', '--json']).stdout);
    expect(synced.ok).toBe(true);
    // Neither ref's tree, nor any commit of either ref's history on the remote, names the commit.
    for (const ref of ['refs/notes/ai-attest-detail', 'refs/notes/ai-attest-access']) {
      for (const notesCommit of remoteGit(['log', '--format=%H', ref]).trim().split('\n'))
        expect(remoteGit(['ls-tree', '-r', '--name-only', notesCommit]).replace(/\//g, '')).not.toContain(secret);
    }
    expect(remoteNote('ai-attest-detail', commit)).not.toBe('');

    // Published with its commit: the push that gives the remote the commit takes its records.
    const push = repo.gitRaw(['push', 'origin', 'embargoed-fix']);
    expect(push.status, push.stderr).toBe(0);
    expect(remoteNote('ai-attest-detail', secret)).toBe(repo.git(['notes', '--ref=ai-attest-detail', 'show', secret]));
    expect(remoteNote('ai-attest-access', secret).split('\n').filter(Boolean)).toEqual(accessNote(repo, secret));
    repo.git(['checkout', '-q', 'main']);
  });

  it('the seeded secrets are found in clear nowhere: no git object, no local buffer, no output', () => {
    const objects = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], {
      cwd: repo.dir,
      env: repo.env,
      maxBuffer: 64 << 20,
    }).toString('latin1');
    const buffers = filesUnder(join(repo.dir, '.git', 'ai-attest')).join('\n');
    const printed = outputs.join('\n');
    expect(printed).toMatch(/redacted:/);
    for (const [name, s] of Object.entries(secrets)) {
      for (const piece of secretPieces(s)) {
        expect(objects.includes(piece), `${name} in a git object`).toBe(false);
        expect(buffers.includes(piece), `${name} in a local buffer`).toBe(false);
        expect(printed.includes(piece), `${name} in an output`).toBe(false);
      }
    }
  });
});
