// @module-tag git
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { BIN, makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { makeKey, resign, rev } from './helpers/tamper.js';

/**
 * The gate must not be steerable by the change it judges. Each attack of issue 8 on real
 * repositories and a bare remote, through the built CLI and the installed hooks: each is caught
 * under its own named result, exit 1 (or 2 for a configuration error).
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

const ai = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40', AI_ATTEST_QUIET: '1' };
let repo: Repo;
let remote: Repo;
let base: string;

interface Result {
  check: string;
  result: string;
  level: string;
  message: string;
}
interface Verdict {
  commit: string;
  subject: string;
  status: string;
  results: Result[];
}
interface Report {
  trust: { commit: string | null; kind: string; description: string } | null;
  summary: { passed: boolean; fail: number; warn: number };
  commits: Verdict[];
}

function commit(r: Repo, file: string, env: NodeJS.ProcessEnv = ai, message = `Change ${file}`): string {
  r.write(file, `${file} ${Math.random()}\n`);
  r.git(['add', file]);
  r.git(['commit', '-q', '-m', message], { env });
  return rev(r, 'HEAD');
}

function verify(r: Repo, args: string[]): { status: number | null; report: Report; stderr: string } {
  const out = r.cli(['verify', ...args, '--json']);
  return { status: out.status, report: out.stdout ? (JSON.parse(out.stdout) as Report) : (null as unknown as Report), stderr: out.stderr };
}

const byCommit = (report: Report, id: string): Verdict => report.commits.find((c) => c.commit === id)!;
const names = (v: Verdict, level?: string): string[] => v.results.filter((r) => !level || r.level === level).map((r) => r.result);

function setConfig(r: Repo, edit: (config: Record<string, any>) => void): void {
  const path = join(r.dir, '.ai-attest', 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  edit(config);
  writeFileSync(path, JSON.stringify(config, null, 2));
}

beforeAll(() => {
  repo = initRepo(sandbox);
  remote = makeRepo(sandbox, 'remote.git', false);
  remote.git(['init', '-q', '--bare']);
  repo.git(['remote', 'add', 'origin', remote.dir]);
  commit(repo, 'src/base.ts');
  const pushed = repo.gitRaw(['push', '-q', '-u', 'origin', 'main']);
  expect(pushed.status, pushed.stderr).toBe(0);
  base = rev(repo, 'HEAD');
});

describe('a branch cannot add its own key (issue 8, item 1)', () => {
  let keyCommit: string;
  let forged: string;
  let fingerprint: string;

  beforeAll(async () => {
    const mallory = await makeKey(join(sandbox.root, 'mallory'), { email: 'mallory@example.com' });
    fingerprint = mallory.fingerprint;
    const env = {
      ...ai,
      AI_ATTEST_HOME: mallory.home,
      GIT_AUTHOR_EMAIL: 'mallory@example.com',
      GIT_COMMITTER_EMAIL: 'mallory@example.com',
    };
    repo.git(['checkout', '-q', '-b', 'add-own-key', base]);
    copyFileSync(join(mallory.home, 'keys', `${mallory.fingerprint}.pub.asc`), join(repo.dir, '.ai-attest', 'keys', 'mallory.asc'));
    repo.git(['add', '.ai-attest/keys/mallory.asc']);
    repo.git(['commit', '-q', '-m', 'Add my key'], { env });
    keyCommit = rev(repo, 'HEAD');
    forged = commit(repo, 'src/backdoor.ts', env, 'Innocent change');
    repo.git(['checkout', '-q', 'main']);
  });

  it('fails the commit signed by the added key (unknown-key), even after the documented CI restore of .ai-attest', () => {
    repo.git(['checkout', '-q', 'add-own-key']);
    // What the old CI example did: it keeps the files the pull request added.
    repo.git(['checkout', base, '--', '.ai-attest']);
    try {
      const { status, report } = verify(repo, [`${base}..add-own-key`, '--trust', base]);
      expect(status).toBe(1);
      expect(report.trust).toMatchObject({ kind: 'explicit', commit: base });
      expect(names(byCommit(report, forged), 'fail')).toEqual(['unknown-key']);
      expect(byCommit(report, forged).results[0]!.message).toMatch(/this range adds .* no trusted key has approved/);
    } finally {
      repo.git(['checkout', '-q', 'main']);
    }
  });

  it('reports the key proposal for review (key-proposed, trust-changed: warnings), never applies it', () => {
    const { report } = verify(repo, [`${base}..add-own-key`, '--trust', base]);
    const proposal = byCommit(report, keyCommit);
    expect(proposal.status).toBe('warn');
    expect(names(proposal, 'warn').sort()).toEqual(['key-proposed', 'trust-changed']);
    expect(proposal.results.find((r) => r.result === 'trust-changed')!.message).toContain(
      `adds key ${fingerprint} (Test Dev <mallory@example.com>)`,
    );
  });

  it('is judged by the merge-base with the remote branch when no --trust is given', () => {
    repo.git(['checkout', '-q', 'add-own-key']);
    try {
      const { status, report } = verify(repo, []);
      expect(status).toBe(1);
      expect(report.trust).toMatchObject({ kind: 'merge-base', commit: base });
      expect(names(byCommit(report, forged), 'fail')).toEqual(['unknown-key']);
    } finally {
      repo.git(['checkout', '-q', 'main']);
    }
  });
});

describe('a branch cannot relax the policy it is judged by (issue 8, item 2)', () => {
  it('refuses, in the installed pre-push hook, an unattested commit on a branch that turns presence off', () => {
    repo.git(['checkout', '-q', '-b', 'presence-off', base]);
    setConfig(repo, (c) => (c.policy.checks = { presence: 'off' }));
    repo.git(['add', '.ai-attest/config.json']);
    repo.git(['commit', '-q', '-m', 'Relax the policy'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
    const relax = rev(repo, 'HEAD');
    const unattested = commit(repo, 'src/sneaky.ts', { AI_ATTEST: '0' });
    const push = repo.gitRaw(['push', 'origin', 'presence-off']);
    expect(push.status).not.toBe(0);
    expect(push.stderr).toMatch(/FAIL missing/);
    expect(push.stderr).toMatch(/WARN trust-changed[\s\S]*config policy\.checks\.presence: set to "off" \(weakens a check\)/);
    expect(remote.gitRaw(['rev-parse', '-q', '--verify', 'refs/heads/presence-off']).status).not.toBe(0);
    const { status, report } = verify(repo, [`${base}..presence-off`]);
    expect(status).toBe(1);
    expect(names(byCommit(report, unattested))).toEqual(['missing']);
    expect(names(byCommit(report, relax), 'warn')).toEqual(['trust-changed']);
    repo.git(['checkout', '-q', 'main']);
  });

  it('never reads the work tree: an uncommitted or untracked config does not count', () => {
    repo.git(['checkout', '-q', '-b', 'worktree-policy', base]);
    const unattested = commit(repo, 'src/quiet.ts', { AI_ATTEST: '0' });
    setConfig(repo, (c) => (c.policy.checks = { presence: 'off' }));
    writeFileSync(join(repo.dir, '.ai-attest', 'keys', 'untracked.asc'), 'not a key\n');
    try {
      const { status, report } = verify(repo, [`${unattested}^!`]);
      expect(status).toBe(1);
      expect(names(byCommit(report, unattested))).toEqual(['missing']);
      const push = repo.gitRaw(['push', 'origin', 'worktree-policy']);
      expect(push.status).not.toBe(0);
      expect(push.stderr).toMatch(/FAIL missing/);
    } finally {
      repo.git(['checkout', '-q', '--', '.ai-attest']);
      repo.git(['clean', '-q', '-f', '.ai-attest']);
      repo.git(['checkout', '-q', 'main']);
    }
  });
});

describe('keyring entries that are not key files (issue 8, item 11)', () => {
  /** A commit on `base` whose keyring holds `entry` (made with git's plumbing: no work tree). */
  function trustWith(entry: { name: string; mode: string; content?: string } | { tree: string; name: string }): string {
    const index = join(sandbox.root, 'entry-index');
    const env = { GIT_INDEX_FILE: index };
    repo.git(['read-tree', base], { env });
    if ('tree' in entry) repo.git(['read-tree', `--prefix=.ai-attest/keys/${entry.name}/`, entry.tree], { env });
    else {
      const blob = repo.git(['hash-object', '-w', '--stdin'], { input: entry.content ?? '' }).trim();
      repo.git(['update-index', '--add', '--cacheinfo', `${entry.mode},${blob},.ai-attest/keys/${entry.name}`], { env });
    }
    const tree = repo.git(['write-tree'], { env }).trim();
    return repo.git(['commit-tree', tree, '-p', base, '-m', 'odd keyring']).trim();
  }

  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, 'verify', ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8', timeout: 30_000 });

  it.each([
    [
      'a symbolic link',
      { name: 'link.asc', mode: '120000', content: '/dev/zero' },
      /keyring entry \.ai-attest\/keys\/link\.asc is a symbolic link/,
    ],
    ['a submodule', { name: 'sub.asc', mode: '160000', content: '' }, /keyring entry \.ai-attest\/keys\/sub\.asc is a submodule/],
  ])('refuses %s in the trusted keyring by name (exit 2)', (_what, entry, message) => {
    const trusted = entry.mode === '160000' ? submoduleTrust(entry.name) : trustWith(entry);
    const r = run([`${base}^!`, '--trust', trusted]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  function submoduleTrust(name: string): string {
    const index = join(sandbox.root, 'entry-index');
    const env = { GIT_INDEX_FILE: index };
    repo.git(['read-tree', base], { env });
    repo.git(['update-index', '--add', '--cacheinfo', `160000,${base},.ai-attest/keys/${name}`], { env });
    const tree = repo.git(['write-tree'], { env }).trim();
    return repo.git(['commit-tree', tree, '-p', base, '-m', 'submodule keyring']).trim();
  }

  it('refuses a folder named like a key file', () => {
    const inner = repo
      .git(['mktree'], { input: `100644 blob ${repo.git(['hash-object', '-w', '--stdin'], { input: 'x' }).trim()}\tinner\n` })
      .trim();
    const r = run([`${base}^!`, '--trust', trustWith({ tree: inner, name: 'folder.asc' })]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/keyring entry \.ai-attest\/keys\/folder\.asc is a directory/);
  });

  it('refuses a FIFO, a device, a dangling link and a link outside in a --keyring folder, without hanging', () => {
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      ['fifo', (dir) => spawnSync('mkfifo', [join(dir, 'pipe.asc')]), /pipe\.asc is a FIFO/],
      [
        'device',
        (dir) => symlinkSync('/dev/zero', join(dir, 'zero.asc')),
        /zero\.asc is a symbolic link to \/dev\/zero, outside the keyring folder/,
      ],
      ['dangling', (dir) => symlinkSync(join(dir, 'nothing'), join(dir, 'gone.asc')), /gone\.asc is a dangling symbolic link/],
      [
        'outside',
        (dir) => symlinkSync(join(repo.dir, 'README.md'), join(dir, 'out.asc')),
        /out\.asc is a symbolic link to .*README\.md, outside the keyring folder/,
      ],
      ['folder', (dir) => mkdirSync(join(dir, 'dir.asc')), /dir\.asc is a directory/],
    ];
    for (const [name, make, message] of cases) {
      const dir = join(sandbox.root, `keyring-${name}`);
      mkdirSync(dir);
      make(dir);
      const r = run([`${base}^!`, '--keyring', dir]);
      expect(r.error, name).toBeUndefined();
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses a config.keyring outside the repository', () => {
    for (const keyring of ['../outside', '/etc', '.ai-attest/../../x']) {
      const index = join(sandbox.root, 'entry-index');
      const env = { GIT_INDEX_FILE: index };
      repo.git(['read-tree', base], { env });
      const config = JSON.parse(repo.git(['show', `${base}:.ai-attest/config.json`]));
      config.keyring = keyring;
      const blob = repo.git(['hash-object', '-w', '--stdin'], { input: JSON.stringify(config) }).trim();
      repo.git(['update-index', '--cacheinfo', `100644,${blob},.ai-attest/config.json`], { env });
      const trusted = repo.git(['commit-tree', repo.git(['write-tree'], { env }).trim(), '-p', base, '-m', 'keyring outside']).trim();
      const r = run([`${base}^!`, '--trust', trusted]);
      expect(r.status, keyring).toBe(2);
      expect(r.stderr).toMatch(/must be a folder inside the repository/);
    }
  });
});

describe('onboarding a new teammate in one pull request', () => {
  it('init, key exported, pull request with the key, approval by a trusted teammate, merge', () => {
    const newcomer = makeRepo(makeSandbox('ai-attest-newcomer-'), 'newcomer', false);
    try {
      newcomer.git(['clone', '-q', remote.dir, newcomer.dir]);
      newcomer.git(['config', 'user.email', 'new@example.com']);
      newcomer.git(['config', 'user.name', 'New Teammate']);
      const init = newcomer.cli(['init', '--yes']);
      expect(init.status, init.stderr).toBe(0);
      const fpr = /([0-9A-F]{40})/.exec(newcomer.cli(['keys', 'list', '--json']).stdout)![1]!;
      newcomer.git(['checkout', '-q', '-b', 'onboard']);
      newcomer.git(['add', '.ai-attest/keys']);
      newcomer.git(['commit', '-q', '-m', 'Add the ai-attest key of New Teammate'], {
        env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' },
      });
      // The proposal alone is a warning: the pull request can be pushed for review.
      let push = newcomer.gitRaw(['push', '-q', 'origin', 'onboard']);
      expect(push.status, push.stderr).toBe(0);

      // A teammate whose key is trusted reviews the key and approves it on the same branch.
      repo.git(['fetch', '-q', 'origin']);
      repo.git(['checkout', '-q', '-b', 'onboard', 'origin/onboard']);
      const approve = repo.cli(['keys', 'approve', fpr]);
      expect(approve.status, approve.stderr).toBe(0);
      expect(approve.stdout).toContain(`.ai-attest/approvals/${fpr}.json`);
      repo.git(['add', '.ai-attest/approvals']);
      repo.git(['commit', '-q', '-m', 'Approve the key of New Teammate'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
      push = repo.gitRaw(['push', '-q', 'origin', 'onboard']);
      expect(push.status, push.stderr).toBe(0);

      // The newcomer's own work in the same pull request.
      newcomer.git(['pull', '-q', '--ff-only', 'origin', 'onboard']);
      const work = commit(newcomer, 'src/first-task.ts');
      push = newcomer.gitRaw(['push', '-q', 'origin', 'onboard']);
      expect(push.status, push.stderr).toBe(0);

      // CI: the base branch is trusted; the approved key is trusted for this pull request.
      repo.git(['fetch', '-q', 'origin']);
      const ci = verify(repo, [`origin/main..origin/onboard`, '--trust', 'origin/main']);
      expect(ci.status, JSON.stringify(ci.report?.commits.map((c) => [c.subject, c.results]))).toBe(0);
      expect(byCommit(ci.report, work).status).toBe('ok');
      expect(ci.report.commits.filter((c) => c.status === 'warn').map((c) => names(c, 'warn'))).toEqual([
        ['trust-changed'],
        ['trust-changed'],
      ]);

      // Merged: from then on the key is trusted by the base itself.
      repo.git(['checkout', '-q', 'main']);
      repo.git(['merge', '-q', '--ff-only', 'origin/onboard']);
      push = repo.gitRaw(['push', 'origin', 'main']);
      expect(push.status, push.stderr).toBe(0);
      const after = commit(newcomer, 'src/second-task.ts');
      expect(verify(newcomer, [`${after}^!`, '--trust', 'origin/main']).status).toBe(1);
      newcomer.git(['fetch', '-q', 'origin']);
      const later = verify(newcomer, [`${after}^!`, '--trust', 'origin/main']);
      expect(later.status).toBe(0);
      expect(byCommit(later.report, after).status).toBe('ok');
    } finally {
      newcomer.sandbox.cleanup();
      repo.git(['checkout', '-q', 'main']);
    }
  });
});

describe('exemptions prove themselves (issue 8, item 3)', () => {
  let start: string;
  /** A commit on `main` holding the work tree's policy: what a trusted base with that policy would be. */
  function trustPolicy(edit: (c: Record<string, any>) => void): string {
    const index = join(sandbox.root, 'policy-index');
    const env = { GIT_INDEX_FILE: index };
    repo.git(['read-tree', 'HEAD'], { env });
    const config = JSON.parse(repo.git(['show', 'HEAD:.ai-attest/config.json']));
    edit(config);
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: JSON.stringify(config, null, 2) }).trim();
    repo.git(['update-index', '--cacheinfo', `100644,${blob},.ai-attest/config.json`], { env });
    return repo.git(['commit-tree', repo.git(['write-tree'], { env }).trim(), '-p', 'HEAD', '-m', 'policy']).trim();
  }

  beforeAll(() => {
    repo.git(['checkout', '-q', '-b', 'exemptions', base]);
    start = commit(repo, 'src/first.ts');
  });
  afterAll(() => repo.git(['checkout', '-q', 'main']));

  it('a "merge" whose second parent is an ancestor and whose tree is not git\'s merge: merge-adds-changes', () => {
    repo.write('src/smuggled.ts', 'export const x = 1;\n');
    repo.git(['add', 'src/smuggled.ts']);
    const tree = repo.git(['write-tree']).trim();
    const fake = repo.git(['commit-tree', tree, '-p', 'HEAD', '-p', 'HEAD~1', '-m', 'Merge branch topic']).trim();
    repo.git(['reset', '-q', '--hard', 'HEAD']);
    const { status, report } = verify(repo, [`${fake}^!`, '--trust', base]);
    expect(status).toBe(1);
    expect(byCommit(report, fake).results).toMatchObject([
      { result: 'merge-adds-changes', level: 'fail', message: expect.stringMatching(/not git's own merge/) },
    ]);
  });

  it('a merge that adds nothing is exempt', () => {
    repo.git(['checkout', '-q', '-b', 'side', base]);
    commit(repo, 'src/side.ts');
    repo.git(['checkout', '-q', 'exemptions']);
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'side'], { env: { AI_ATTEST: '0' } });
    const merge = rev(repo, 'HEAD');
    const { status, report } = verify(repo, [`${merge}^!`, '--trust', base]);
    expect(status).toBe(0);
    expect(byCommit(report, merge)).toMatchObject({ status: 'exempt' });
  });

  it('an author name alone never exempts: author-unverified; a commit git verifies as signed by the named key is exempt', () => {
    const gnupg = join(sandbox.root, 'bot-gnupg');
    mkdirSync(gnupg, { mode: 0o700 });
    const gpgEnv = { GNUPGHOME: gnupg };
    repo.git(['-c', 'gpg.program=gpg', 'version'], { env: gpgEnv });
    spawnSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Dependabot <bot@example.com>', 'ed25519', 'sign', 'never'], {
      env: { ...repo.env, ...gpgEnv },
    });
    const fpr = /fpr:+([0-9A-F]{40}):/.exec(
      spawnSync('gpg', ['--with-colons', '--list-keys', 'bot@example.com'], { env: { ...repo.env, ...gpgEnv }, encoding: 'utf8' }).stdout,
    )![1]!;
    const bot = { AI_ATTEST: '0', GIT_AUTHOR_NAME: 'dependabot[bot]', GIT_AUTHOR_EMAIL: 'bot@example.com', ...gpgEnv };
    const unsigned = commit(repo, 'src/bump.ts', bot, 'Bump a dependency');
    repo.write('src/bump2.ts', 'x\n');
    repo.git(['add', 'src/bump2.ts']);
    repo.git(['-c', `user.signingkey=${fpr}`, 'commit', '-q', '-S', '-m', 'Bump another dependency'], { env: bot });
    const signed = rev(repo, 'HEAD');
    const trusted = trustPolicy((c) => (c.policy.exempt.authors = ['dependabot[bot]', { author: 'bot@example.com', signingKeys: [fpr] }]));
    const out = repo.cli(['verify', `${unsigned}~1..${signed}`, '--trust', trusted, '--json'], { env: gpgEnv });
    expect(out.status).toBe(1);
    const report = JSON.parse(out.stdout) as Report;
    expect(byCommit(report, unsigned).results).toMatchObject([{ result: 'author-unverified', level: 'fail' }]);
    expect(byCommit(report, signed)).toMatchObject({ status: 'exempt', results: [] });
  });

  it('exempt.before is a full commit id: dates and moving revisions are configuration errors naming the fix', () => {
    for (const before of ['2099-01-01', 'HEAD~1', 'main']) {
      const r = repo.cli(['verify', `${start}^!`, '--trust', trustPolicy((c) => (c.policy.exempt.before = before))]);
      expect(r.status, before).toBe(2);
      expect(r.stderr).toMatch(/full id of the adoption commit.*git rev-parse/s);
    }
  });

  it('exempt.before as a full id: it and its ancestors are before-adoption (a pass), later commits are not', () => {
    const later = commit(repo, 'src/after-adoption.ts', { AI_ATTEST: '0' });
    const trusted = trustPolicy((c) => (c.policy.exempt.before = start));
    const { status, report } = verify(repo, [`${base}..${later}`, '--trust', trusted]);
    expect(status).toBe(1);
    expect(byCommit(report, start)).toMatchObject({ status: 'ok' });
    expect(byCommit(report, later).results).toMatchObject([{ result: 'missing' }]);
    const old = verify(repo, [`${start}^!`, '--trust', trustPolicy((c) => (c.policy.exempt.before = later))]);
    expect(byCommit(old.report, start)).toMatchObject({ status: 'ok' });
    const unattestedOld = verify(repo, [`${later}^!`, '--trust', trustPolicy((c) => (c.policy.exempt.before = later))]);
    expect(unattestedOld.status).toBe(0);
    expect(byCommit(unattestedOld.report, later)).toMatchObject({ status: 'exempt', results: [] });
    const shown = repo.cli(['verify', `${later}^!`, '--trust', trustPolicy((c) => (c.policy.exempt.before = later)), '--json']);
    expect(JSON.parse(shown.stdout).commits[0].status).toBe('exempt');
  });
});

describe('identities and time (issue 8, item 6)', () => {
  it('a user id appended without a self-signature does not count: identity-mismatch', async () => {
    const mallory = await makeKey(join(sandbox.root, 'uid-mallory'), { email: 'mallory@example.com' });
    const armored = readFileSync(join(mallory.home, 'keys', `${mallory.fingerprint}.pub.asc`), 'utf8');
    const pgp = await import('openpgp');
    const key = await pgp.readKey({ armoredKey: armored });
    const packets = key.toPacketList();
    const uid = new pgp.UserIDPacket();
    (uid as { userID: string }).userID = 'Victim <victim@example.com>';
    packets.push(uid);
    const forgedKey = pgp.armor(pgp.enums.armor.publicKey, packets.write());
    repo.git(['checkout', '-q', '-b', 'uid', base]);
    try {
      repo.write('.ai-attest/keys/mallory.asc', forgedKey);
      repo.git(['add', '.ai-attest/keys/mallory.asc']);
      repo.git(['commit', '-q', '-m', 'Trust mallory'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
      const trusted = rev(repo, 'HEAD');
      const env = { ...ai, AI_ATTEST_HOME: mallory.home, GIT_AUTHOR_NAME: 'Victim', GIT_AUTHOR_EMAIL: 'victim@example.com' };
      const impersonated = commit(repo, 'src/victim.ts', env);
      const { status, report } = verify(repo, [`${impersonated}^!`, '--trust', trusted]);
      expect(status).toBe(1);
      expect(names(byCommit(report, impersonated), 'fail')).toEqual(['identity-mismatch']);
    } finally {
      repo.git(['checkout', '-q', 'main']);
    }
  });

  it('a carry statement with a carriedFrom that names nothing: carry-unfounded', async () => {
    repo.git(['checkout', '-q', '-b', 'carry', base]);
    try {
      const theirs = commit(repo, 'src/theirs.ts', { ...ai, GIT_AUTHOR_NAME: 'Other', GIT_AUTHOR_EMAIL: 'other@example.com' });
      const forged = await resign(repo, theirs, (p) => {
        p.source = 'carry';
        p.binding.commit = undefined as unknown as string;
        delete (p as { carriedFrom?: string[] }).carriedFrom;
      });
      const { status, report } = verify(repo, [`${forged}^!`, '--trust', base]);
      expect(status).toBe(1);
      expect(names(byCommit(report, forged), 'fail')).toContain('carry-unfounded');
    } finally {
      repo.git(['checkout', '-q', 'main']);
    }
  });

  it('a signature back-dated to before its key expired, on a commit whose parent was committed today: signed-before-parent', async () => {
    const expired = await makeKey(join(sandbox.root, 'backdate'), { date: new Date(Date.now() - 400 * 86_400_000), expiresInDays: 30 });
    repo.git(['checkout', '-q', '-b', 'backdate', base]);
    try {
      copyFileSync(join(expired.home, 'keys', `${expired.fingerprint}.pub.asc`), join(repo.dir, '.ai-attest', 'keys', 'expired.asc'));
      repo.git(['add', '.ai-attest/keys/expired.asc']);
      repo.git(['commit', '-q', '-m', 'Trust an old key'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
      const trusted = rev(repo, 'HEAD');
      const today = commit(repo, 'src/today.ts');
      const backdated = await resign(
        repo,
        today,
        (p) => {
          p.time = new Date(Date.now() - 390 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
          p.attester.key = expired.fingerprint;
        },
        { ...repo.env, AI_ATTEST_HOME: expired.home },
      );
      const { status, report } = verify(repo, [`${backdated}^!`, '--trust', trusted]);
      expect(status).toBe(1);
      expect(names(byCommit(report, backdated), 'fail')).toEqual(['signed-before-parent']);
    } finally {
      repo.git(['checkout', '-q', 'main']);
    }
  });
});

describe('upgrading a repository attested with the previous release', () => {
  it('verifies its history unchanged; an exempt.before date is refused with the fix', () => {
    const old = initRepo(sandbox, 'upgrade');
    // What the previous release's init wrote: bot names as exemptions (they no longer exempt by name alone).
    setConfig(old, (c) => (c.policy.exempt.authors = ['dependabot[bot]', 'renovate[bot]', 'github-actions[bot]']));
    old.git(['add', '.ai-attest']);
    old.git(['commit', '-q', '-m', 'Previous release config'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
    commit(old, 'src/one.ts');
    old.git(['checkout', '-q', '-b', 'topic']);
    commit(old, 'src/two.ts', { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' });
    old.git(['checkout', '-q', 'main']);
    commit(old, 'src/three.ts');
    old.git(['merge', '-q', '--no-ff', '--no-edit', 'topic'], { env: { AI_ATTEST_QUIET: '1' } });
    const whole = verify(old, ['HEAD']);
    expect(whole.status, JSON.stringify(whole.report?.commits.map((c) => [c.subject, c.results]))).toBe(0);
    expect(whole.report.trust).toMatchObject({ kind: 'range' });
    // Judged by its own first config (no remote): the later config commit is listed for review.
    expect(whole.report.commits.map((c) => [c.subject, c.status])).toEqual([
      ["Merge branch 'topic'", 'exempt'],
      ['Change src/three.ts', 'ok'],
      ['Change src/two.ts', 'ok'],
      ['Change src/one.ts', 'ok'],
      ['Previous release config', 'warn'],
      ['Initial commit', 'ok'],
    ]);
    expect(names(whole.report.commits[4]!)).toEqual(['trust-changed']);
    expect(verify(old, ['HEAD', '--trust', 'HEAD']).report.summary).toMatchObject({ passed: true, warn: 0 });

    setConfig(old, (c) => (c.policy.exempt.before = '2020-01-01'));
    old.git(['add', '.ai-attest']);
    old.git(['commit', '-q', '-m', 'Adoption date'], { env: { AI_ATTEST_TOOLS: 'none', AI_ATTEST_QUIET: '1' } });
    const dated = old.cli(['verify', 'HEAD^!', '--trust', 'HEAD']);
    expect(dated.status).toBe(2);
    expect(dated.stderr).toMatch(/"2020-01-01", a date .*"before": "\$\(git rev-parse/s);
  });
});
