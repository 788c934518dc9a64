// @module-tag git
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notesPushReads, pushNotesAfterVerify } from '../src/sync/push-notes.js';
import { pushNewNotes } from '../src/sync/push-new-notes.js';
import { resolveNotesRemote } from '../src/sync/remote.js';
import { syncNotes } from '../src/sync/sync.js';
import { fakeGit } from './helpers/fake-git.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * The pre-push hook's notes push that costs what is new (src/sync/push-new-notes.ts) against
 * sync's general publish (src/sync/publish.ts) from the same state: the remote must end with the
 * same notes tree, the same notes withheld, and the local notes must contain what was published.
 */
const sandbox = makeSandbox('ai-attest-push-new-');
afterAll(() => sandbox.cleanup());
const REF = 'refs/notes/ai-attest';
const TRACKING = 'refs/notes/remotes/origin/ai-attest';

interface Setup {
  work: Repo;
  remote: Repo;
  /** The commit this push sends (its note is new). */
  pushed: string;
  /** A commit only on a local branch, with a note. */
  secret: string | null;
  /** A commit on the remote whose note was never published (pushed without the hook). */
  unpublished: string;
  /** A commit whose published note got a line more locally. */
  appended: string;
}

function commit(repo: Repo, name: string): string {
  repo.write(`${name}.txt`, `${name}\n`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', name]);
  return repo.git(['rev-parse', 'HEAD']).trim();
}

function note(repo: Repo, commit: string, line: string): void {
  repo.git(['notes', `--ref=${REF}`, 'append', '-m', line, commit]);
}

async function setup(name: string, withSecret: boolean): Promise<Setup> {
  const remote = makeRepo(sandbox, `${name}-remote.git`, false);
  remote.git(['init', '-q', '--bare']);
  const work = makeRepo(sandbox, name);
  // What `ai-attest init` makes: the folder of the notes lock and sync's state.
  mkdirSync(join(work.dir, '.git', 'ai-attest'));
  work.git(['remote', 'add', 'origin', remote.dir]);
  const first = commit(work, 'first');
  const appended = commit(work, 'second');
  note(work, first, '{"line":"first"}');
  note(work, appended, '{"line":"second"}');
  work.git(['push', '-q', 'origin', 'main']);
  // Published once by sync: the remote's notes and our copy of them exist.
  const initial = await syncNotes({
    cwd: work.dir,
    env: work.env,
    remote: await resolveNotesRemote('origin', opts(work)),
    pushFirst: true,
  });
  expect(initial).toMatchObject({ ok: true, pushed: true });
  note(work, appended, '{"line":"second, amended"}');
  work.git(['checkout', '-q', '-b', 'side']);
  const unpublished = commit(work, 'side');
  note(work, unpublished, '{"line":"side"}');
  work.git(['push', '-q', 'origin', 'side']);
  work.git(['checkout', '-q', 'main']);
  let secret: string | null = null;
  if (withSecret) {
    work.git(['checkout', '-q', '-b', 'embargo']);
    secret = commit(work, 'embargoed fix');
    note(work, secret, '{"line":"embargoed"}');
    work.git(['checkout', '-q', 'main']);
  }
  const pushed = commit(work, 'pushed');
  note(work, pushed, '{"line":"pushed"}');
  return { work, remote, pushed, secret, unpublished, appended };
}

/** The same repositories, copied: the twin's origin is its own copy of the remote. */
function twin(s: Setup, name: string): Setup {
  const work = makeRepo(sandbox, name, false);
  const remote = makeRepo(sandbox, `${name}-remote.git`, false);
  cpSync(s.work.dir, work.dir, { recursive: true });
  cpSync(s.remote.dir, remote.dir, { recursive: true });
  work.git(['remote', 'set-url', 'origin', remote.dir]);
  return { ...s, work, remote };
}

const opts = (repo: Repo) => ({ cwd: repo.dir, env: repo.env });
const paths = (repo: Repo) => ({ gitDir: join(repo.dir, '.git'), commonDir: join(repo.dir, '.git') });
const tree = (repo: Repo, ref: string) => repo.git(['rev-parse', `${ref}^{tree}`]).trim();
const noteOn = (repo: Repo, commit: string) => repo.gitRaw(['notes', `--ref=${REF}`, 'show', commit]);

describe('the pre-push notes push of what is new', () => {
  it.each([
    ['with a private branch note withheld', true],
    ['with every changed note public', false],
  ])('publishes what sync would publish, %s', async (label, withSecret) => {
    const fast = await setup(`fast-${withSecret}`, withSecret);
    const general = twin(fast, `general-${withSecret}`);
    const remote = await resolveNotesRemote('origin', opts(fast.work));
    const result = await pushNewNotes({
      cwd: fast.work.dir,
      env: fast.work.env,
      remote,
      ...paths(fast.work),
      pushing: [fast.pushed],
      pushed: new Set([fast.pushed]),
    });
    const reference = await syncNotes({
      cwd: general.work.dir,
      env: general.work.env,
      remote: await resolveNotesRemote('origin', opts(general.work)),
      pushFirst: true,
      pushing: [general.pushed],
    });
    expect(result, label).not.toBeNull();
    expect(result).not.toBe('race');
    if (result === null || result === 'race') return;
    expect(result).toMatchObject({ ok: true, pushed: true, rounds: 1, failure: null });
    expect(result.withheld).toEqual(reference.withheld);
    expect(result.withheld).toEqual(withSecret ? [fast.secret] : []);
    // The remote ends with the same notes; ours contain them, and our copy of the remote's is exact.
    expect(tree(fast.remote, REF)).toBe(tree(general.remote, REF));
    expect(tree(fast.work, REF)).toBe(tree(general.work, REF));
    expect(fast.work.git(['rev-parse', TRACKING]).trim()).toBe(fast.remote.git(['rev-parse', REF]).trim());
    expect(fast.work.gitRaw(['merge-base', '--is-ancestor', TRACKING, REF]).status).toBe(0);
    expect(result.local).toBe(fast.work.git(['rev-parse', REF]).trim());
    expect(noteOn(fast.remote, fast.pushed).stdout).toContain('"pushed"');
    expect(noteOn(fast.remote, fast.unpublished).stdout).toContain('"side"');
    expect(noteOn(fast.remote, fast.appended).stdout).toMatch(/"second"[\s\S]*"second, amended"/);
    if (fast.secret) expect(noteOn(fast.remote, fast.secret).status).not.toBe(0);

    // Nothing new since: nothing is pushed, and the remote stays as it is.
    const before = fast.remote.git(['rev-parse', REF]).trim();
    const again = await pushNewNotes({
      cwd: fast.work.dir,
      env: fast.work.env,
      remote,
      ...paths(fast.work),
      pushing: [],
      pushed: new Set(),
    });
    expect(again).toMatchObject({ ok: true, pushed: false, withheld: withSecret ? [fast.secret] : [] });
    expect(fast.remote.git(['rev-parse', REF]).trim()).toBe(before);
  });

  it('leaves to sync what it cannot do from what it read: a first publish, and a note only the remote has', async () => {
    const s = await setup('fallback', false);
    const remote = await resolveNotesRemote('origin', opts(s.work));
    const input = { cwd: s.work.dir, env: s.work.env, remote, ...paths(s.work), pushing: [s.pushed], pushed: new Set([s.pushed]) };
    const published = s.remote.git(['rev-parse', REF]).trim();
    s.work.git(['update-ref', '-d', TRACKING]);
    expect(await pushNewNotes(input)).toBeNull();
    s.work.git(['update-ref', TRACKING, published]);
    s.work.git(['notes', `--ref=${REF}`, 'remove', s.unpublished]);
    s.work.git(['notes', `--ref=${REF}`, 'remove', s.appended]);
    expect(await pushNewNotes(input)).toBeNull();
    // Nothing was written meanwhile.
    expect(s.remote.git(['rev-parse', REF]).trim()).toBe(published);
    // The hook's path then runs sync, which keeps the remote's note and publishes the rest.
    const result = await pushNotesAfterVerify({ cwd: s.work.dir, env: s.work.env, remote: 'origin', pushing: [s.pushed] });
    expect(result.pushed).toBe(true);
    expect(noteOn(s.remote, s.appended).stdout).toContain('"second"');
    expect(noteOn(s.remote, s.pushed).stdout).toContain('"pushed"');
  });

  it('hands over to sync when another clone pushed notes since: nothing of either is lost', async () => {
    const s = await setup('race', false);
    const other = makeRepo(sandbox, 'race-other', false);
    other.git(['clone', '-q', s.remote.dir, '.']);
    const theirs = commit(other, 'theirs');
    other.git(['push', '-q', 'origin', 'main']);
    other.git(['fetch', '-q', 'origin', `${REF}:${REF}`]);
    note(other, theirs, '{"line":"theirs"}');
    other.git(['push', '-q', 'origin', REF]);

    const remote = await resolveNotesRemote('origin', opts(s.work));
    const input = { cwd: s.work.dir, env: s.work.env, remote, ...paths(s.work), pushing: [s.pushed], pushed: new Set([s.pushed]) };
    expect(await pushNewNotes(input)).toBe('race');
    const result = await pushNotesAfterVerify({
      cwd: s.work.dir,
      env: s.work.env,
      remote: 'origin',
      pushing: [s.pushed],
      pushed: new Set([s.pushed]),
    });
    expect(result.pushed).toBe(true);
    expect(noteOn(s.remote, theirs).stdout).toContain('"theirs"');
    expect(noteOn(s.remote, s.pushed).stdout).toContain('"pushed"');
    expect(noteOn(s.work, theirs).stdout).toContain('"theirs"');
  });
});

describe('the remote git names to the pre-push hook', () => {
  const REFS = /^for-each-ref --format=%\(objectname\) %\(tree\) %\(refname\) /;

  it('is a configured remote when its name differs from its URL: no git config read', async () => {
    const git = fakeGit([{ command: REFS, stdout: '' }]);
    const { remote, plan } = await notesPushReads('origin', 'https://example.com/r.git', { cwd: '.', env: {}, git });
    await plan;
    expect(remote).toEqual({ target: 'origin', name: 'origin', trackingRef: 'refs/notes/remotes/origin/ai-attest' });
    expect(git.commands).toEqual([expect.stringMatching(REFS)]);
  });

  it('is looked up in the config when git gives the URL twice (no named remote)', async () => {
    const url = 'https://example.com/r.git';
    const git = fakeGit([
      { command: /^config --get-regexp /, stdout: `remote.upstream.url ${url}\n` },
      { command: REFS, stdout: '' },
    ]);
    const { remote } = await notesPushReads(url, url, { cwd: '.', env: {}, git });
    expect(remote).toEqual({ target: 'upstream', name: 'upstream', trackingRef: 'refs/notes/remotes/upstream/ai-attest' });
  });
});
