import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/defaults.js';
import { committedDetailPolicy, loadRecipients } from '../src/detail/recipients.js';
import { GitError } from '../src/errors.js';
import { collectCommitsById } from '../src/git/log.js';
import { RawCommitReader } from '../src/git/raw-commit.js';
import { STAGED_FACTS_DIFF_OPTIONS, stagedFacts } from '../src/git/staged-facts.js';
import { catFileObjects, readTreeFolder } from '../src/git/tree-files.js';
import { fakeGit } from './helpers/fake-git.js';
import { blockChildProcesses } from './helpers/no-processes.js';

// The readers that stream (cat-file --batch, the staged-facts script) go through the injected
// runner like every other git call: a scripted git stands in, and no process starts.
let restore: () => void;
beforeAll(() => {
  restore = blockChildProcesses();
});
afterAll(() => restore());

const id = (c: string) => c.repeat(40);
const BATCH = 'cat-file --batch';

describe('cat-file --batch through the runner (catFileObjects, readTreeFolder)', () => {
  it('hands every spec over in one call and splits the answer by size, bytes intact, a missing one as null', async () => {
    const latin1 = Buffer.from([0x46, 0x72, 0x61, 0x6e, 0xe7, 0x6f, 0x69, 0x73, 0x0a]); // "François\n" in Latin-1
    const git = fakeGit([
      {
        command: BATCH,
        stdout: Buffer.concat([Buffer.from(`${id('a')} blob 9\n`), latin1, Buffer.from(`\nHEAD:gone.txt missing\n${id('b')} tree 0\n\n`)]),
      },
    ]);
    const objects = await catFileObjects([id('a'), 'HEAD:gone.txt', id('b')], { cwd: '.', git });
    expect(objects.map((o) => o && { type: o.type, content: [...o.content] })).toEqual([
      { type: 'blob', content: [...latin1] },
      null,
      { type: 'tree', content: [] },
    ]);
    expect(git.commands).toEqual([BATCH]);
    expect(git.inputs).toEqual([`${id('a')}\nHEAD:gone.txt\n${id('b')}\n`]);
  });

  it("says git's failure as runGit does", async () => {
    const git = fakeGit([
      { command: BATCH, status: 128, stderr: 'fatal: not a git repository (or any of the parent directories): .git\n' },
    ]);
    const failure = await catFileObjects([id('a')], { cwd: '.', git }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitError);
    expect((failure as Error).message).toMatch(/not a git repository \(nor inside one\): run ai-attest inside a clone/);
  });

  it('reads a folder of a revision: one ls-tree, one cat-file for all its blobs', async () => {
    const git = fakeGit([
      {
        command: 'ls-tree -z --full-tree main -- keys/',
        stdout: `100644 blob ${id('1')}\tkeys/a.asc\x00100644 blob ${id('2')}\tkeys/b.asc\0`,
      },
      { command: BATCH, stdout: `${id('1')} blob 1\nA\n${id('2')} blob 2\nBB\n` },
    ]);
    const files = await readTreeFolder('main', 'keys/', { cwd: '.', git });
    expect(files.map((f) => [f.path, f.content.toString()])).toEqual([
      ['keys/a.asc', 'A'],
      ['keys/b.asc', 'BB'],
    ]);
    expect(git.inputs[1]).toBe(`${id('1')}\n${id('2')}\n`);
  });
});

describe('the rare commit whose text is not UTF-8 (RawCommitReader) with a runner that cannot keep a process', () => {
  it('asks once per commit and decodes the raw bytes as Latin-1', async () => {
    const raw = Buffer.concat([
      Buffer.from(`tree ${id('7')}\nauthor Fran`),
      Buffer.from([0xe7]),
      Buffer.from('ois <f@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000000 +0000\n\nmsg\n'),
    ]);
    const fields = [id('c'), id('7'), '', 'Fran\uFFFDois', 'f@example.com', '1700000000', 'C', 'c@example.com', '1700000000', 'msg\n', ''];
    const git = fakeGit([
      { command: /^-c log\.showSignature=false .* log -z .*--no-walk=unsorted/, stdout: `${fields.join('\0')}\0` },
      { command: BATCH, stdout: Buffer.concat([Buffer.from(`${id('c')} commit ${raw.length}\n`), raw, Buffer.from('\n')]) },
    ]);
    const [record] = await collectCommitsById([id('c')], { cwd: '.', git });
    expect(record!.authorName).toBe('François');
    expect(git.inputs[1]).toBe(`${id('c')}\n`);

    const reader = new RawCommitReader({ cwd: '.', git: fakeGit([{ command: BATCH, stdout: `${id('d')} missing\n` }]) });
    expect(await reader.read(id('d'))).toBeNull();
    reader.close();
  });
});

describe('the staged facts script through the runner (the commit hook without its stub)', () => {
  const facts = (amend: string) =>
    [
      'ai-attest-staged 1',
      amend,
      '/r/.git',
      '.git',
      '/r',
      id('a'),
      id('a'),
      id('e'),
      `${id('f')} ${id('0')}`,
      'src/a.ts\0docs/b.md\0\0ai-attest-staged-end\n',
    ].join('\n');

  it('is answered by name, with the amend flag and the diff options as its arguments', async () => {
    const git = fakeGit([{ command: `sh ai-attest-staged-facts 1 ${STAGED_FACTS_DIFF_OPTIONS}`, stdout: facts('1') }]);
    const staged = await stagedFacts(true, { cwd: '/r', git });
    expect(staged).toMatchObject({ gitDir: '/r/.git', commonDir: '/r/.git', top: '/r', parents: [id('a')], tree: id('e') });
    expect(staged.files).toEqual(['src/a.ts', 'docs/b.md']);
    expect(staged.patchId).toBe(id('f'));
  });

  it("says git's message when the script fails, never reading its output as facts", async () => {
    const git = fakeGit([
      {
        command: /^sh ai-attest-staged-facts 0 /,
        status: 1,
        stdout: facts('0'),
        stderr: 'fatal: git write-tree failed (unmerged paths? resolve them, then commit)\n',
      },
    ]);
    await expect(stagedFacts(false, { cwd: '/r', git })).rejects.toThrow(
      /reading the staged change failed: git write-tree failed \(unmerged paths\? resolve them, then commit\)\./,
    );
  });
});

describe('library functions pass the injected runner on (they used to rebuild { cwd, env } without it)', () => {
  it("reads the detail policy and the recipients folder from the revision's objects through the runner", async () => {
    const config = { ...defaultConfig(), detail: { recipients: 'compliance/keys' } };
    const git = fakeGit([
      { command: 'cat-file blob trusted:.ai-attest/config.json', stdout: JSON.stringify(config) },
      { command: 'ls-tree -z --full-tree trusted -- compliance/keys/', stdout: '' },
    ]);
    expect((await committedDetailPolicy({ cwd: '.', git, rev: 'trusted' })).recipients).toBe('compliance/keys');
    await expect(loadRecipients({ cwd: '.', git, rev: 'trusted' })).rejects.toThrow(
      /no compliance recipients: commit their public keys under compliance\/keys\//,
    );
    expect(git.commands).toEqual([
      'cat-file blob trusted:.ai-attest/config.json',
      'cat-file blob trusted:.ai-attest/config.json',
      'ls-tree -z --full-tree trusted -- compliance/keys/',
    ]);
  });
});
