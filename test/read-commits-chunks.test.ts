// @module-tag git
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { collectCommits, commitLogArgs, toRecord } from '../src/git/log.js';
import { COMMIT_FIELDS } from '../src/git/log.js';
import { NOTES_REF } from '../src/core/model.js';
import { importCommits } from './helpers/fast-import.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

/** Commits whose log runs over many of git's pipe chunks, with multi-byte text to be split mid-character. */
const history = Array.from({ length: 300 }, (_, k) => ({
  message: `change ${k + 1} é日本🙂\n\n${'naïve café 日本語 🙂 '.repeat(60 + ((k + 1) % 13))}\n\nAssisted-by: tool ${k + 1}\n`,
  path: `file${(k + 1) % 5}.txt`,
  content: `line ${k + 1}\n`,
  time: 1_700_000_000 + (k + 1) * 60,
  who: 'Zoë Dev <zoe@example.com>',
}));

describe('readCommits over a log larger than a pipe chunk', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  const repo = makeRepo(sandbox, 'chunks');
  importCommits(repo, history);
  for (const rev of ['main~3', 'main~150', 'main~299'])
    repo.git(['notes', `--ref=${NOTES_REF}`, 'add', '-m', `{"note":"日本 ${rev}"}`, rev]);

  it('gives the records a whole read of the same log gives, notes and split characters included', async () => {
    const whole = spawnSync('git', commitLogArgs(NOTES_REF, ['main', '--']), { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(6 * 65_536);
    const tokens = whole.stdout.split('\0');
    const expected = [];
    for (let i = 0; i + COMMIT_FIELDS.length <= tokens.length; i += COMMIT_FIELDS.length)
      expected.push(toRecord(tokens.slice(i, i + COMMIT_FIELDS.length)));
    const read = await collectCommits(['main'], { cwd: repo.dir, env: repo.env });
    expect(read).toHaveLength(300);
    expect(read).toEqual(expected);
    expect(read.filter((r) => r.note).map((r) => r.note)).toHaveLength(3);
    expect(read.every((r) => !r.message.includes('\uFFFD') && r.authorName === 'Zoë Dev')).toBe(true);
  });
});
