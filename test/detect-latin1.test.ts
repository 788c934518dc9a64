// @module-tag git
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommits } from '../src/git/log.js';
import { readCommitsWithPatches } from '../src/git/patch-log.js';
import { initRepo } from './helpers/attested.js';
import { commitFile } from './helpers/detect-commits.js';
import { importCommits } from './helpers/fast-import.js';
import type { Repo } from './helpers/repo.js';

interface Finding {
  commit: string;
  subject: string;
  author: { name: string; email: string };
  rule: string;
  tool: string;
}

/**
 * Author names an old tool wrote in Latin-1, with no `encoding` header. detect judges a commit
 * from the record of the range's own read when the commit is known to matter as it is read: with
 * `--content` that read is `git log -p`, which must decode them as the other readers do (as git's
 * web view does), never as U+FFFD.
 */
describe('detect --content names a Latin-1 author as written', () => {
  let repo: Repo;
  let captureOnly: string;
  let elided: string;

  /** A commit object as an old tool wrote it: its header and message in Latin-1 bytes. */
  const latin1Commit = (parent: string, file: string, text: string, subject: string): string => {
    repo.write(file, text);
    repo.git(['add', '-A']);
    const body = Buffer.concat([
      Buffer.from(`tree ${repo.git(['write-tree']).trim()}\nparent ${parent}\n`),
      Buffer.from(
        'author Fran\xe7ois M\xfcller <fm@example.com> 1700000000 +0000\n' +
          `committer Fran\xe7ois M\xfcller <fm@example.com> 1700000000 +0000\n\n${subject}\n`,
        'latin1',
      ),
    ]);
    const path = join(repo.sandbox.root, 'latin1-commit');
    writeFileSync(path, body);
    const id = repo.git(['hash-object', '-t', 'commit', '-w', path]).trim();
    repo.git(['update-ref', 'refs/heads/main', id]);
    repo.git(['reset', '-q', '--hard', 'main']);
    return id;
  };

  beforeAll(() => {
    repo = initRepo();
    captureOnly = latin1Commit(repo.git(['rev-parse', 'HEAD']).trim(), 'latin.txt', 'r\xe9sum\xe9\n', 'r\xe9sum\xe9 of the change');
    // 1,500 plain commits after it: the notes are searched once 1,000 are read, so when the log
    // reaches the capture-only commit its note is usually known to matter and the log's record is judged.
    importCommits(
      repo,
      Array.from({ length: 1500 }, (_, k) => ({
        message: `old change ${k + 1}\n`,
        path: `old${(k + 1) % 7}.txt`,
        content: `${k + 1}\n`,
        time: 1_700_000_000 + (k + 1) * 60,
      })),
      captureOnly,
    );
    // Capture saw Claude Code; the answers name Copilot: capture's record is in the note part only.
    const event = { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', file: 'captured.ts', content: 'export const c = 1;\n' };
    const recorded = repo.cli(['record', '--event', '-'], { input: JSON.stringify(event) });
    expect(recorded.status, recorded.stderr).toBe(0);
    const captured = commitFile(repo, 'captured.ts', 'export const c = 1;\n', 'Add captured\n', 'copilot:gpt-4.1-2025-04-14');
    // The Latin-1 commit's only signal: a copy of the captured statement in its note.
    repo.git(['notes', '--ref=ai-attest', 'add', '-f', '-F', '-', captureOnly], {
      input: repo.git(['notes', '--ref=ai-attest', 'show', captured]),
    });
    // A content signal makes a commit judged from the `git log -p` record whatever the timing.
    elided = latin1Commit(captured, 'elided.ts', '// ... existing code unchanged\n', 'd\xe9j\xe0 vu');
  });
  afterAll(() => repo?.sandbox.cleanup());

  const findingsOf = (args: string[], commit: string): Finding[] => {
    const r = repo.cli(['detect', 'HEAD', '--format', 'json', ...args]);
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.commit === commit);
  };
  const francois = { name: 'François Müller', email: 'fm@example.com' };

  it('the `git log -p` reader gives the records `git log` gives, Latin-1 text included', async () => {
    const withPatches = [];
    for await (const { record } of readCommitsWithPatches(['HEAD'], { cwd: repo.dir, env: repo.env })) withPatches.push(record);
    const plain = await collectCommits(['HEAD'], { cwd: repo.dir, env: repo.env });
    expect(withPatches).toHaveLength(plain.length);
    expect(withPatches).toEqual(plain);
    expect(withPatches.find((r) => r.commit === captureOnly)).toMatchObject({
      authorName: francois.name,
      committerName: francois.name,
      message: 'résumé of the change\n',
    });
  });

  it('a content signal on a Latin-1 commit: the author and subject as written', () => {
    const found = findingsOf(['--content'], elided);
    expect(found.map((f) => `${f.rule} ${f.tool}`)).toEqual(['unattested ai']);
    expect(found[0]!.author).toEqual(francois);
    expect(found[0]!.subject).toBe('déjà vu');
  });

  it('a capture-only Latin-1 commit: the same finding with and without --content, never U+FFFD', () => {
    const content = findingsOf(['--content'], captureOnly);
    expect(content.map((f) => `${f.rule} ${f.tool}`)).toEqual(['other-tool claude-code']);
    expect(content[0]!.author).toEqual(francois);
    expect(content[0]!.subject).toBe('résumé of the change');
    expect(content).toEqual(findingsOf([], captureOnly));
  });
});
