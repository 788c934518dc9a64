// @module-tag git
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE, initRepo } from './helpers/attested.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';
import { editShare, makeKey, noteText, recommit, rev, revoke, setNote, trust, trustCommit } from './helpers/tamper.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

const ai = { AI_ATTEST_TOOLS: CLAUDE, AI_ATTEST_PROPORTION: '40', AI_ATTEST_QUIET: '1' };
let repo: Repo;
let base: string;

function commit(r: Repo, file: string, env: NodeJS.ProcessEnv = ai, message = `Change ${file}`): string {
  r.write(file, `${file} ${Math.random()}\n`);
  r.git(['add', file]);
  r.git(['commit', '-q', '-m', message], { env });
  return rev(r, 'HEAD');
}

/** Verifies with the work tree's policy and keyring as the trusted ones (the tests edit them). */
function json(args: string[]): { status: number | null; report: VerifyJson; stderr: string } {
  const r = repo.cli(['verify', ...args, '--json', '--trust', trustCommit(repo)]);
  return {
    status: r.status,
    report: r.stdout ? (JSON.parse(r.stdout) as VerifyJson) : (undefined as unknown as VerifyJson),
    stderr: r.stderr,
  };
}

interface VerifyJson {
  schema: string;
  range: { description: string; revisions: string[] };
  trust: { commit: string | null; kind: string; description: string } | null;
  strict: boolean;
  summary: Record<string, number | boolean>;
  commits: Array<{
    commit: string;
    subject: string;
    author: { name: string; email: string };
    status: string;
    cached: boolean;
    statement: Record<string, unknown> | null;
    results: Array<Record<string, string>>;
  }>;
}

function setPolicy(r: Repo, edit: (config: { policy: Record<string, unknown> }) => void): () => void {
  const path = join(r.dir, '.ai-attest', 'config.json');
  const original = readFileSync(path, 'utf8');
  const config = JSON.parse(original);
  edit(config);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return () => writeFileSync(path, original);
}

beforeAll(() => {
  repo = initRepo(sandbox);
  commit(repo, 'src/a.ts');
  base = rev(repo, 'HEAD');
  commit(repo, 'src/b.ts', { AI_ATTEST_TOOLS: 'none' });
});

describe('--json', () => {
  it('has the documented ai-attest/verify@1 shape', () => {
    const { status, report } = json([`${base}..HEAD`]);
    expect(status).toBe(0);
    expect(Object.keys(report)).toEqual(['schema', 'range', 'trust', 'strict', 'adoptionPoint', 'summary', 'commits']);
    expect(report.trust).toMatchObject({ kind: 'explicit', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(report).toMatchObject({ schema: 'ai-attest/verify@1', strict: false, range: { revisions: [`${base}..HEAD`] } });
    expect(report.summary).toEqual({
      commits: 1,
      ok: 1,
      carried: 0,
      exempt: 0,
      warn: 0,
      fail: 0,
      cached: expect.any(Number),
      unattested: 0,
      passed: true,
    });
    const [c] = report.commits;
    expect(Object.keys(c!)).toEqual(['commit', 'subject', 'author', 'status', 'cached', 'statement', 'results']);
    expect(c).toMatchObject({ subject: 'Change src/b.ts', author: { email: 'dev@example.com' }, status: 'ok', results: [] });
    expect(c!.statement).toMatchObject({
      origin: 'trailers',
      source: 'env',
      ai: 'none',
      relation: 'exact',
      attester: { email: 'dev@example.com' },
    });
  });

  it('serves the same verdicts from the cache, statement included', () => {
    const first = json([base]);
    const second = json([base]);
    expect(second.report.summary.cached).toBe(second.report.summary.commits);
    expect(second.report.commits.map(({ cached: _c, ...rest }) => rest)).toEqual(
      first.report.commits.map(({ cached: _c, ...rest }) => rest),
    );
  });
});

describe('--format github', () => {
  it('prints one annotation per failure, escaped, and a summary', () => {
    const bad = commit(repo, 'src/bad.ts', { AI_ATTEST: '0' }, 'Unattested, 100% sure');
    const r = repo.cli(['verify', `${bad}^!`, '--format', 'github']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      `::error title=ai-attest missing%3A ${bad.slice(0, 12)}::${bad.slice(0, 12)} Unattested, 100%25 sure: no attestation: no` +
        ` Ai-Attest trailers and no note%0Afix: ai-attest attest ${bad.slice(0, 12)}`,
    );
    expect(lines.at(-1)).toMatch(/^ai-attest verify: 1 commits: 0 ok, 0 carried, 0 exempt, 0 warn, 1 fail$/);
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
  });
});

describe('usage and configuration errors exit 2', () => {
  it('refuses options that are not revisions, unknown formats and unknown revisions', () => {
    expect(repo.cli(['verify', '--output=out.txt']).status).toBe(2);
    expect(repo.cli(['verify', '--format', 'xml']).status).toBe(2);
    const r = repo.cli(['verify', 'no-such-branch..HEAD']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-branch/);
  });

  it('refuses a policy naming a check that does not exist', () => {
    const restore = setPolicy(repo, (c) => (c.policy.checks = { 'missing-signature': 'warn' }));
    try {
      const r = repo.cli(['verify', 'HEAD^!', '--trust', trustCommit(repo)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/"missing-signature".*Known names/s);
    } finally {
      restore();
    }
  });

  it('refuses to run with a config and no trusted key', () => {
    const other = makeRepo(sandbox, 'no-keys');
    other.write('.ai-attest/config.json', readFileSync(join(repo.dir, '.ai-attest', 'config.json'), 'utf8'));
    other.write('x', 'x\n');
    other.git(['add', '-A']);
    other.git(['commit', '-q', '-m', 'x']);
    const r = other.cli(['verify']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no trusted public key.*--keyring/s);
  });

  it('reads a repository never set up as unattested: unknown, not failed, not a usage error', () => {
    const other = makeRepo(sandbox, 'never-initialised');
    other.write('x', 'x\n');
    other.git(['add', 'x']);
    other.git(['commit', '-q', '-m', 'x']);
    const r = other.cli(['verify', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyJson;
    expect(report.trust).toMatchObject({ kind: 'none', commit: null });
    expect(report.commits[0]).toMatchObject({ status: 'warn', results: [{ check: 'presence', result: 'unattested', level: 'warn' }] });
    expect(other.cli(['verify']).stdout).toMatch(/trust: no trust revision.*not set up/);
  });
});

describe('the default range', () => {
  it('is HEAD not on its upstream, else not on any remote-tracking branch, else the whole history', () => {
    const r = initRepo(sandbox, 'ranges');
    const first = commit(r, 'one.ts');
    expect(JSON.parse(r.cli(['verify', '--json']).stdout).range.description).toMatch(/whole history/);
    const bare = join(sandbox.root, 'ranges.git');
    makeRepo(sandbox, 'ranges.git', false).git(['init', '-q', '--bare']);
    r.git(['remote', 'add', 'origin', bare]);
    r.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/other']);
    commit(r, 'two.ts');
    let report = JSON.parse(r.cli(['verify', '--json']).stdout);
    expect(report.range.description).toMatch(/not on any remote-tracking branch/);
    expect(report.summary.commits).toBe(1);
    r.git(['push', '-q', '--no-verify', 'origin', `${first}:refs/heads/main`]);
    r.git(['branch', '-q', '--set-upstream-to=origin/main']);
    commit(r, 'three.ts');
    report = JSON.parse(r.cli(['verify', '--json']).stdout);
    expect(report.range.description).toBe('commits on HEAD not on its upstream origin/main');
    expect(report.summary.commits).toBe(2);
  });
});

describe('policy', () => {
  it('exempts merges, carries a cherry-picked attestation by its patch-id', () => {
    const start = rev(repo, 'HEAD');
    repo.git(['checkout', '-q', '-b', 'topic']);
    const picked = commit(repo, 'src/topic.ts');
    repo.git(['checkout', '-q', 'main']);
    commit(repo, 'src/main.ts');
    // Without hooks: no carry statement is added, the trailers alone are carried by their patch-id.
    repo.git(['-c', 'core.hooksPath=/dev/null', 'cherry-pick', picked]);
    repo.git(['merge', '-q', '--no-ff', '--no-edit', 'topic'], { env: { AI_ATTEST_QUIET: '1' } });
    const { status, report } = json([`${start}..HEAD`]);
    expect(status).toBe(0);
    const byStatus = Object.fromEntries(report.commits.map((c) => [c.subject, c.status]));
    expect(byStatus).toMatchObject({ 'Change src/topic.ts': 'ok', 'Change src/main.ts': 'ok', "Merge branch 'topic'": 'exempt' });
    expect(report.commits.filter((c) => c.status === 'carried')).toHaveLength(1);
    expect(report.commits.find((c) => c.status === 'carried')!.statement).toMatchObject({ relation: 'carried' });
  });

  it('sets levels per result: warn passes (exit 0) unless --strict, off ignores', () => {
    const tool = commit(repo, 'src/aider.ts', { AI_ATTEST_TOOLS: 'aider:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '5' });
    expect(json([`${tool}^!`]).status).toBe(1);
    let restore = setPolicy(repo, (c) => (c.policy.checks = { 'tool-unapproved': 'warn' }));
    try {
      const warned = json([`${tool}^!`]);
      expect(warned.status).toBe(0);
      expect(warned.report.commits[0]).toMatchObject({ status: 'warn', results: [{ result: 'tool-unapproved', level: 'warn' }] });
      const strict = json([`${tool}^!`, '--strict']);
      expect(strict.status).toBe(1);
      expect(strict.report.commits[0]).toMatchObject({ status: 'fail', results: [{ result: 'tool-unapproved', level: 'fail' }] });
    } finally {
      restore();
    }
    restore = setPolicy(repo, (c) => (c.policy.checks = { tools: 'off' }));
    try {
      expect(json([`${tool}^!`]).report.commits[0]).toMatchObject({ status: 'ok', results: [] });
    } finally {
      restore();
    }
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
  });

  it('never exempts an author by name alone; exempts the history before the adoption point', () => {
    const bot = commit(repo, 'src/bot.ts', { AI_ATTEST: '0', GIT_AUTHOR_NAME: 'dependabot[bot]', GIT_AUTHOR_EMAIL: 'bot@example.com' });
    const named = setPolicy(repo, (c) => ((c.policy.exempt as Record<string, unknown>).authors = ['dependabot[bot]']));
    try {
      expect(json([`${bot}^!`]).report.commits[0]).toMatchObject({ status: 'fail', results: [{ result: 'author-unverified' }] });
    } finally {
      named();
    }
    const old = commit(repo, 'src/old.ts', { AI_ATTEST: '0' });
    expect(json([`${old}^!`]).status).toBe(1);
    const restore = setPolicy(repo, (c) => ((c.policy.exempt as Record<string, unknown>).before = old));
    try {
      expect(json([`${old}^!`]).report.commits[0]).toMatchObject({ status: 'exempt' });
    } finally {
      restore();
    }
    repo.git(['reset', '-q', '--hard', 'HEAD~2']);
  });
});

describe('the cache', () => {
  it('is invalidated by a changed note and by a changed keyring', async () => {
    const id = commit(repo, 'src/cached.ts');
    expect(json([`${id}^!`]).status).toBe(0);
    expect(json([`${id}^!`]).report.summary.cached).toBe(1);
    const note = noteText(repo, id);
    setNote(repo, id, note.replace(/"payload":"[A-Za-z0-9+/]{8}/, '"payload":"AAAAAAAA'));
    expect(json([`${id}^!`]).report.commits[0]).toMatchObject({ status: 'fail', cached: false, results: [{ result: 'note-invalid' }] });
    setNote(repo, id, note);
    expect(json([`${id}^!`]).status).toBe(0);

    const later = await makeKey(join(sandbox.root, 'later-revoked'));
    trust(repo, later, 'later');
    const signed = commit(repo, 'src/later.ts', { ...ai, AI_ATTEST_HOME: later.home });
    expect(json([`${signed}^!`]).status).toBe(0);
    revoke(repo, later, 'later-revoked');
    expect(json([`${signed}^!`]).report.commits[0]).toMatchObject({ status: 'fail', results: [{ result: 'key-revoked' }] });
    rmSync(join(repo.dir, '.ai-attest', 'keys', 'later-revoked.asc'));
    rmSync(join(repo.dir, '.ai-attest', 'keys', 'later.asc'));
    repo.git(['reset', '-q', '--hard', 'HEAD~2']);
  });

  it('without --json, a range the cache knows is not read at all; a changed note is still seen', () => {
    const id = commit(
      repo,
      'src/quick.ts',
      { AI_ATTEST_TOOLS: 'aider:claude-sonnet-4-5-20250929', AI_ATTEST_PROPORTION: '5' },
      'Quick subject',
    );
    const restore = setPolicy(repo, (c) => (c.policy.checks = { 'tool-unapproved': 'warn' }));
    try {
      const trusted = trustCommit(repo);
      expect(repo.cli(['verify', `${id}^!`, '--trust', trusted]).status).toBe(0);
      const warm = repo.cli(['verify', `${id}^!`, '--trust', trusted], { env: { AI_ATTEST_TRACE: '1' } });
      expect(warm.status).toBe(0);
      expect(warm.stderr).toMatch(/1 commits, quick/);
      expect(warm.stdout).toMatch(/WARN tool-unapproved \(1 commit\)\n {2}[0-9a-f]{12} {2}Quick subject\n/);
      const note = noteText(repo, id);
      setNote(repo, id, note.replace(/"payload":"[A-Za-z0-9+/]{8}/, '"payload":"AAAAAAAA'));
      const changed = repo.cli(['verify', `${id}^!`, '--trust', trusted]);
      expect(changed.status).toBe(1);
      expect(changed.stdout).toMatch(/FAIL note-invalid/);
      setNote(repo, id, note);
    } finally {
      restore();
    }
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
  });

  it('an attest statement supersedes broken trailers: their failure becomes a warning', () => {
    const id = commit(repo, 'src/superseded.ts');
    const edited = recommit(repo, id, { message: (m) => editShare(m, 1) });
    expect(json([`${edited}^!`]).report.commits[0]!.results[0]).toMatchObject({ result: 'bad-signature', level: 'fail' });
    expect(repo.cli(['attest', edited, '--tools', CLAUDE, '--proportion', '40']).status).toBe(0);
    const after = json([`${edited}^!`]);
    expect(after.status).toBe(0);
    expect(after.report.commits[0]).toMatchObject({ status: 'warn', statement: { origin: 'note:1', source: 'attest' } });
    expect(after.report.commits[0]!.results[0]).toMatchObject({ result: 'bad-signature', level: 'warn', source: 'trailers' });
    expect(json([`${edited}^!`, '--strict']).status).toBe(1);
    repo.git(['reset', '-q', '--hard', 'HEAD^']);
  });
});
