import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { AttestError, GitError } from '../src/errors.js';
import { collectCommitsById } from '../src/git/log.js';
import { pipeGit, runGit } from '../src/git/run.js';
import { defaultRange } from '../src/read/range.js';
import { pushRange } from '../src/read/verify/pre-push.js';
import { mergeFetchedNotes } from '../src/sync/merge.js';
import { publishableNotes } from '../src/sync/publish.js';
import { resolveNotesRemote } from '../src/sync/remote.js';
import { fakeGit } from './helpers/fake-git.js';

// Library functions run against a scripted git (options.git): their decisions are tested without
// a repository, and a change in what they ask git fails here by name.

const id = (c: string) => c.repeat(40);
const [A, B, C, NOTE_A, NOTE_B, NOTE_C, TIP, PUSHED] = ['a', 'b', 'c', '1', '2', '3', 'e', 'f'].map(id) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const BATCH_CHECK = 'cat-file --batch-check=%(objectname) %(objecttype)';

describe('runGit with an injected runner', () => {
  it("judges the runner's exit status as git's: okCodes are answers, anything else a GitError that says what to do", async () => {
    const git = fakeGit([
      { command: 'config --get user.name', status: 1 },
      { command: 'rev-list HEAD --', status: 128, stderr: "fatal: bad revision 'HEAD'\n" },
    ]);
    expect((await runGit(['config', '--get', 'user.name'], { cwd: '.', git, okCodes: [1] })).status).toBe(1);
    const failure = await runGit(['rev-list', 'HEAD', '--'], { cwd: '.', git }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitError);
    expect((failure as GitError).message).toMatch(/"HEAD" names no commit: this branch has no commits yet/);
  });

  it("pipes the first command's output into the second when the runner has no pipe of its own", async () => {
    const git = fakeGit([
      { command: 'diff-tree --stdin', stdout: (call) => `diff of ${call.input}` },
      { command: 'patch-id --stable', stdout: (call) => `id(${call.input})` },
    ]);
    expect(await pipeGit(['diff-tree', '--stdin'], ['patch-id', '--stable'], { cwd: '.', git, input: 'X' })).toBe('id(diff of X)');
    expect(git.commands).toEqual(['diff-tree --stdin', 'patch-id --stable']);
  });
});

describe('sync: which notes a push publishes (publishableNotes)', () => {
  const commonDir = tmpdir();
  const localNotes = [`100644 blob ${NOTE_A}\t${A}`, `100644 blob ${NOTE_B}\t${B.slice(0, 2)}/${B.slice(2)}`, `100644 blob ${NOTE_C}\t${C}`]
    .map((l) => `${l}\0`)
    .join('');

  it('publishes the notes of commits the remote has or is given, and withholds private and unknown ones', async () => {
    const git = fakeGit([
      { command: 'ls-tree -r -z refs/notes/ai-attest', stdout: localNotes },
      { command: BATCH_CHECK, stdout: `${A} commit\n${B} commit\n${C} missing\n` },
      { command: 'for-each-ref --format=%(objectname) refs/remotes/origin/', stdout: `${TIP}\n` },
      // B is reachable from neither the remote's branches nor the pushed tip: it is private.
      { command: 'rev-list --ignore-missing --stdin', stdout: `${B}\n` },
      { command: 'update-index --add -z --index-info' },
      { command: 'write-tree', stdout: `${id('7')}\n` },
      { command: /^commit-tree /, stdout: `${id('8')}\n` },
    ]);
    const result = await publishableNotes({ remoteName: 'origin', remoteNotes: null, pushing: [PUSHED], commonDir }, { cwd: '.', git });
    expect(result).toEqual({ commit: id('8'), withheld: [B, C] });
    expect(git.inputs[git.commands.indexOf(BATCH_CHECK)]).toBe(`${A}\n${B}\n${C}\n`);
    expect(git.inputs[git.commands.indexOf('rev-list --ignore-missing --stdin')]).toBe(`${A}\n${B}\n^${TIP}\n^${PUSHED}\n`);
    // Only A's note goes into the published tree, and the commit has no parent (the remote had no notes).
    expect(git.inputs[git.commands.indexOf('update-index --add -z --index-info')]).toBe(`100644 ${NOTE_A}\t${A}\0`);
    expect(git.commands.find((c) => c.startsWith('commit-tree '))).toBe(
      `commit-tree ${id('7')} -m Notes published by ai-attest (notes of commits the remote has)`,
    );
  });

  it('publishes nothing, and builds no commit, when every changed note is of a private commit', async () => {
    const git = fakeGit([
      { command: 'ls-tree -r -z refs/notes/ai-attest', stdout: `100644 blob ${NOTE_B}\t${B}\0` },
      { command: 'ls-tree -r -z refs/notes/remotes/origin/ai-attest', stdout: `100644 blob ${NOTE_A}\t${A}\0` },
      { command: BATCH_CHECK, stdout: `${B} commit\n` },
      { command: 'for-each-ref --format=%(objectname) refs/remotes/origin/', stdout: `${TIP}\n` },
      { command: 'rev-list --ignore-missing --stdin', stdout: `${B}\n` },
    ]);
    const result = await publishableNotes(
      { remoteName: 'origin', remoteNotes: 'refs/notes/remotes/origin/ai-attest', pushing: [], commonDir },
      { cwd: '.', git },
    );
    expect(result).toEqual({ commit: null, withheld: [B] });
    expect(git.commands.some((c) => c.startsWith('commit-tree') || c === 'write-tree')).toBe(false);
  });

  it('asks nothing more when the remote already has every local note', async () => {
    const same = `100644 blob ${NOTE_A}\t${A}\0`;
    const git = fakeGit([
      { command: 'ls-tree -r -z refs/notes/ai-attest', stdout: same },
      { command: `ls-tree -r -z ${TIP}`, stdout: same },
    ]);
    expect(await publishableNotes({ remoteName: 'origin', remoteNotes: TIP, pushing: [], commonDir }, { cwd: '.', git })).toEqual({
      commit: null,
      withheld: [],
    });
    expect(git.commands).toHaveLength(2);
  });
});

describe('pre-push: the range a push publishes (pushRange)', () => {
  const ZERO = '0'.repeat(40);

  it('peels pushed tags to commits in one batch, drops a tag of a tree, and excludes what the remote has', async () => {
    const TAG = id('9');
    const TREE_TAG = id('d');
    // The tag names commit C; the other tag names a tree, so `^{commit}` finds nothing.
    const [DIR_C, DIR_A] = [id('7'), id('8')];
    // The same batch asks for `.ai-attest` at each (trust's range check needs it next); B has none.
    const folders = `${DIR_C} tree\n${TREE_TAG}^{commit}:.ai-attest missing\n${DIR_A} tree\n${B}^{commit}:.ai-attest missing\n`;
    const git = fakeGit([
      { command: BATCH_CHECK, stdout: `${C} commit\n${TREE_TAG}^{commit} missing\n${A} commit\n${B} commit\n${folders}` },
    ]);
    const range = await pushRange(
      'origin',
      [
        { localRef: 'refs/tags/v1', localOid: TAG, remoteRef: 'refs/tags/v1', remoteOid: ZERO },
        { localRef: 'refs/tags/t', localOid: TREE_TAG, remoteRef: 'refs/tags/t', remoteOid: ZERO },
        { localRef: 'refs/heads/x', localOid: A, remoteRef: 'refs/heads/x', remoteOid: B },
      ],
      { cwd: '.', git },
    );
    expect(git.commands).toEqual([BATCH_CHECK]);
    const asked = [TAG, TREE_TAG, A, B];
    expect(git.inputs[0]).toBe(`${[...asked.map((o) => `${o}^{commit}`), ...asked.map((o) => `${o}^{commit}:.ai-attest`)].join('\n')}\n`);
    expect(range.revisions).toEqual([C, A, '--not', '--remotes=origin', B]);
    expect(range.known?.include).toEqual([C, A]);
    expect(range.known?.trustDirs).toEqual(
      new Map([
        [C, DIR_C],
        [A, DIR_A],
        [B, null],
      ]),
    );
    expect(range.peeled.get(B)).toBe(B);
    expect(range.refs).toEqual(['refs/tags/v1', 'refs/tags/t', 'refs/heads/x']);
  });

  it('publishes nothing for a deletion', async () => {
    const git = fakeGit([{ command: BATCH_CHECK, stdout: `${A} commit\n` }]);
    const range = await pushRange('origin', [{ localRef: '(delete)', localOid: ZERO, remoteRef: 'refs/heads/x', remoteOid: A }], {
      cwd: '.',
      git,
    });
    expect(range.revisions).toEqual([]);
    expect(range.description).toMatch(/^nothing/);
  });
});

describe('verify: the default range (defaultRange)', () => {
  const REFS = 'for-each-ref --format=%(HEAD)%00%(upstream:short)%00%(upstream:track)%00%(refname) refs/heads/ refs/remotes/';

  it("takes HEAD's commits not on its upstream", async () => {
    const git = fakeGit([{ command: REFS, stdout: '*\0origin/main\0[ahead 2]\0refs/heads/main\n \0\0\0refs/remotes/origin/main\n' }]);
    expect((await defaultRange({ cwd: '.', git })).revisions).toEqual(['origin/main..HEAD']);
  });

  it('falls back to every remote-tracking branch when the upstream is gone', async () => {
    const git = fakeGit([{ command: REFS, stdout: '*\0origin/old\0[gone]\0refs/heads/main\n \0\0\0refs/remotes/origin/main\n' }]);
    expect((await defaultRange({ cwd: '.', git })).revisions).toEqual(['HEAD', '--not', '--remotes']);
  });

  it('has nothing to verify on a detached HEAD that names no commit', async () => {
    const git = fakeGit([
      { command: REFS, stdout: ' \0\0\0refs/heads/other\n' },
      { command: 'rev-parse -q --verify HEAD^{commit}', status: 128 },
    ]);
    expect(await defaultRange({ cwd: '.', git })).toEqual({
      revisions: [],
      logOptions: [],
      description: 'nothing: HEAD has no commits yet',
    });
  });
});

describe('sync: merging fetched notes (mergeFetchedNotes)', () => {
  const LOCAL = 'rev-parse -q --verify refs/notes/ai-attest^{commit}';
  const TRACKING = 'rev-parse -q --verify refs/notes/remotes/origin/ai-attest^{commit}';

  it("takes the remote's notes as they are when there are none here, with a create-only update", async () => {
    const git = fakeGit([
      { command: LOCAL, status: 1 },
      { command: TRACKING, stdout: `${B}\n` },
      { command: `update-ref refs/notes/ai-attest ${B} ` },
    ]);
    expect(await mergeFetchedNotes('refs/notes/remotes/origin/ai-attest', { cwd: '.', git })).toBe(B);
    expect(git.commands).toContain(`update-ref refs/notes/ai-attest ${B} `);
  });

  it('merges nothing when the local notes already contain the fetched ones', async () => {
    const git = fakeGit([
      { command: LOCAL, stdout: `${A}\n` },
      { command: TRACKING, stdout: `${B}\n` },
      { command: `merge-base --is-ancestor ${B} ${A}` },
    ]);
    expect(await mergeFetchedNotes('refs/notes/remotes/origin/ai-attest', { cwd: '.', git })).toBe(A);
    expect(git.commands.some((c) => c.startsWith('notes '))).toBe(false);
  });

  it('says how to abort a notes merge an earlier run left unfinished', async () => {
    const git = fakeGit([
      { command: LOCAL, stdout: `${A}\n` },
      { command: TRACKING, stdout: `${B}\n` },
      { command: `merge-base --is-ancestor ${B} ${A}`, status: 1 },
      {
        command: 'notes --ref=refs/notes/ai-attest merge --quiet -s cat_sort_uniq refs/notes/remotes/origin/ai-attest',
        status: 1,
        stderr: 'fatal: You have not concluded your previous notes merge (.git/NOTES_MERGE_PARTIAL exists).\n',
      },
    ]);
    const failure = await mergeFetchedNotes('refs/notes/remotes/origin/ai-attest', { cwd: '.', git }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AttestError);
    expect((failure as Error).message).toMatch(/git notes --ref=ai-attest merge --abort/);
  });
});

describe('sync: which remote (resolveNotesRemote)', () => {
  const URLS = 'config --get-regexp ^remote\\..*\\.url$';
  const remotes = 'remote.origin.url https://example.com/a.git\nremote.fork.url git@example.com:me/a.git\n';

  it("takes the current branch's upstream remote when none is named", async () => {
    const git = fakeGit([
      { command: URLS, stdout: remotes },
      { command: 'symbolic-ref -q --short HEAD', stdout: 'topic\n' },
      { command: 'config --get branch.topic.remote', stdout: 'fork\n' },
    ]);
    expect(await resolveNotesRemote(undefined, { cwd: '.', git })).toEqual({
      target: 'fork',
      name: 'fork',
      trackingRef: 'refs/notes/remotes/fork/ai-attest',
    });
  });

  it('maps a URL to the remote configured with it, and an unknown URL to a stable stand-in name', async () => {
    const git = fakeGit([{ command: URLS, stdout: remotes }]);
    expect((await resolveNotesRemote('git@example.com:me/a.git', { cwd: '.', git })).name).toBe('fork');
    const other = await resolveNotesRemote('https://example.org/b.git', { cwd: '.', git });
    expect(other.target).toBe('https://example.org/b.git');
    expect(other.name).toMatch(/^url-[0-9a-f]{12}$/);
  });

  it('asks for a name when there are several remotes, no upstream and no origin', async () => {
    const git = fakeGit([
      { command: URLS, stdout: 'remote.a.url x:/a\nremote.b.url x:/b\n' },
      { command: 'symbolic-ref -q --short HEAD', status: 1 },
    ]);
    await expect(resolveNotesRemote(undefined, { cwd: '.', git })).rejects.toThrow(/several remotes \(a, b\) and no upstream/);
  });
});

describe('the batched commit reader (readCommitsById) with an injected runner', () => {
  it('reads the commits given, in order, from one git log', async () => {
    const fields = (commit: string, parent: string, message: string, note: string) =>
      [commit, id('7'), parent, 'Ann', 'ann@example.com', '1700000000', 'Bob', 'bob@example.com', '1700000001', message, note].join('\0');
    const git = fakeGit([
      {
        command: /^-c log\.showSignature=false .* log -z .*--no-walk=unsorted/,
        stdout: `${fields(B, A, 'b\n', '')}\0${fields(A, '', 'a\n', 'n\n')}\0`,
      },
    ]);
    const records = await collectCommitsById([B, A], { cwd: '.', git });
    expect(records.map((r) => [r.commit, r.parents, r.message, r.note])).toEqual([
      [B, [A], 'b\n', ''],
      [A, [], 'a\n', 'n\n'],
    ]);
    expect(git.commands).toHaveLength(1);
    expect(git.commands[0]).toMatch(new RegExp(`--no-walk=unsorted ${B} ${A} --$`));
  });
});
