// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangedFilesReader, changedFiles, type ChangedFilesRequest } from '../src/git/changed-files.js';
import { fakeGit } from './helpers/fake-git.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

/**
 * The kept `git diff-tree --stdin` answers batch after batch exactly as one process per batch
 * does: an empty commit, the root, paths that look like commit ids or like the end marker without
 * its nonce, paths with spaces, newlines and non-ASCII names.
 */
const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());
let repo: Repo;
let requests: ChangedFilesRequest[];

beforeAll(() => {
  repo = makeRepo(sandbox);
  const commit = (message: string) => {
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--allow-empty', '--no-verify', '-m', message]);
    return repo.git(['rev-parse', 'HEAD']).trim();
  };
  const ids: string[] = [];
  repo.write('a.txt', 'a\n');
  ids.push(commit('root'));
  ids.push(commit('empty'));
  repo.write(ids[0]!, 'a path named like the root commit\n');
  repo.write('ai-attest-batch-end-\nx', 'a path like the marker, without its nonce\n');
  ids.push(commit('odd names'));
  repo.write('dir with space/ünï cødé.txt', 'x\n');
  repo.write('line\nbreak.txt', 'x\n');
  ids.push(commit('spaces and newlines'));
  for (let i = 0; i < 6; i++) {
    repo.write(`src/f${i}.ts`, `${i}\n`);
    repo.write(`src/g${i % 2}.ts`, `${i}\n`);
    ids.push(commit(`change ${i}`));
  }
  requests = ids.map((commit, i) => ({ commit, base: i ? ids[i - 1]! : null }));
});

describe('ChangedFilesReader', () => {
  it('answers each batch as changedFiles does, through one git process', async () => {
    const opts = { cwd: repo.dir, env: repo.env };
    const reader = new ChangedFilesReader(opts);
    try {
      for (const size of [1, 3, 10]) {
        for (let at = 0; at < requests.length; at += size) {
          const batch = requests.slice(at, at + size);
          expect(await reader.read(batch)).toEqual(await changedFiles(batch, opts));
        }
      }
      // Batches asked for at once are answered in order.
      const halves = [requests.slice(0, 5), requests.slice(5)];
      const answers = await Promise.all(halves.map((h) => reader.read(h)));
      expect(answers).toEqual(await Promise.all(halves.map((h) => changedFiles(h, opts))));
      expect(await reader.read([])).toEqual(new Map());
    } finally {
      reader.close();
    }
    const whole = await changedFiles(requests, opts);
    expect(whole.get(requests[1]!.commit)).toEqual([]);
    expect(whole.get(requests[2]!.commit)).toEqual(expect.arrayContaining([requests[0]!.commit, 'ai-attest-batch-end-\nx']));
    expect(whole.get(requests[3]!.commit)).toEqual(expect.arrayContaining(['dir with space/ünï cødé.txt', 'line\nbreak.txt']));
  });

  it("keeps each commit's answer its own when a commit before it changes nothing (an empty commit)", async () => {
    const opts = { cwd: repo.dir, env: repo.env };
    const one = async (r: ChangedFilesRequest) => (await changedFiles([r], opts)).get(r.commit);
    const whole = await changedFiles(requests, opts);
    for (const r of requests) expect(whole.get(r.commit), r.commit).toEqual(await one(r));
    expect(whole.get(requests[1]!.commit)).toEqual([]);
    expect(whole.get(requests[2]!.commit)).toEqual(expect.arrayContaining([requests[0]!.commit, 'ai-attest-batch-end-\nx']));
    expect(whole.get(requests[0]!.commit)).toEqual(['a.txt']);
  });

  it('answers an object this clone lacks as changedFiles does (no files), and fails a batch when git cannot run', async () => {
    const opts = { cwd: repo.dir, env: repo.env };
    const reader = new ChangedFilesReader(opts);
    try {
      const missing = [{ commit: 'f'.repeat(40), base: null }, ...requests.slice(4, 6)];
      expect(await reader.read(missing)).toEqual(await changedFiles(missing, opts));
    } finally {
      reader.close();
    }
    const nowhere = new ChangedFilesReader({ cwd: `${repo.dir}/no-such-folder`, env: repo.env });
    await expect(nowhere.read(requests.slice(0, 2))).rejects.toThrow(/diff-tree/);
    nowhere.close();
  });

  it('asks a runner that cannot keep a process once per batch', async () => {
    // As git does: a commit's line answered with its id and paths, any other line printed back.
    const echo = (call: { input?: string | Uint8Array }) =>
      String(call.input)
        .split('\n')
        .filter(Boolean)
        .map((line) => (/^[0-9a-f]{40}/.test(line) ? `${line.slice(0, 40)}\0a.ts\0b.ts\0` : `${line}\n`))
        .join('');
    const fake = fakeGit([{ command: /^diff-tree --stdin/, stdout: echo }]);
    const reader = new ChangedFilesReader({ cwd: repo.dir, git: fake });
    const batch = [{ commit: '1'.repeat(40), base: '2'.repeat(40) }];
    expect(await reader.read(batch)).toEqual(new Map([['1'.repeat(40), ['a.ts', 'b.ts']]]));
    expect(await reader.read(batch)).toEqual(new Map([['1'.repeat(40), ['a.ts', 'b.ts']]]));
    reader.close();
    expect(fake.commands).toHaveLength(2);
    expect(fake.inputs[0]).toMatch(new RegExp(`^${'1'.repeat(40)} ${'2'.repeat(40)}\nai-attest-end-[0-9a-f]{24}\n$`));
  });
});
