// @module-tag git
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import { makeRepo, type Repo } from './helpers/repo.js';
import { decodeCommitText } from '../src/git/raw-commit.js';
import { missingObject } from '../src/git/nul-stream.js';

describe('text git stores in Latin-1 without an encoding header', () => {
  let repo: Repo;
  let latin: string;
  beforeAll(() => {
    repo = makeRepo();
    repo.write('a.txt', 'a\n');
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'first']);
    // As an old tool wrote it: raw Latin-1 bytes, no `encoding` header.
    const tree = repo.git(['rev-parse', 'HEAD^{tree}']).trim();
    const parent = repo.git(['rev-parse', 'HEAD']).trim();
    const body = Buffer.concat([
      Buffer.from(`tree ${tree}\nparent ${parent}\n`),
      Buffer.from(
        'author Fran\xe7ois M\xfcller <fm@example.com> 1700000000 +0000\n' +
          'committer Fran\xe7ois M\xfcller <fm@example.com> 1700000000 +0000\n\nr\xe9sum\xe9 of the change\n',
        'latin1',
      ),
    ]);
    const file = join(repo.sandbox.root, 'latin1-commit');
    writeFileSync(file, body);
    latin = repo.git(['hash-object', '-t', 'commit', '-w', file]).trim();
    repo.git(['update-ref', 'refs/heads/main', latin]);
  });
  afterAll(() => repo.sandbox.cleanup());

  it('decodes as Latin-1 only what is not UTF-8', () => {
    expect(decodeCommitText(Buffer.from('Fran\xe7ois', 'latin1'))).toBe('François');
    expect(decodeCommitText(Buffer.from('François', 'utf8'))).toBe('François');
  });

  it('show, export and CSV name the author as written, never with U+FFFD', () => {
    const shown = JSON.parse(repo.cli(['show', '--json', latin]).stdout) as { subject: string; author: { name: string } };
    expect(shown.author.name).toBe('François Müller');
    expect(shown.subject).toBe('résumé of the change');
    expect(repo.cli(['show', latin]).stdout).toContain('author François Müller <fm@example.com>');
    const exported = JSON.parse(repo.cli(['export', 'HEAD^..HEAD']).stdout.trim()) as { author: { name: string }; subject: string };
    expect(exported.author.name).toBe('François Müller');
    expect(exported.subject).toBe('résumé of the change');
    const csv = repo.cli(['report', 'HEAD', '--format', 'csv', '--by', 'author']).stdout;
    expect(csv).toContain('fm@example.com,François Müller,');
    expect(csv).not.toContain('\uFFFD');
  });
});

describe('a clone with a missing object', () => {
  it('names the object and says the clone is incomplete', () => {
    const repo = makeRepo();
    try {
      for (const n of [1, 2, 3]) {
        repo.write(`f${n}.txt`, `${n}\n`);
        repo.git(['add', '-A']);
        repo.git(['commit', '-q', '-m', `c${n}`]);
      }
      const blob = repo.git(['rev-parse', 'HEAD~1:f2.txt']).trim();
      rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      const r = repo.cli(['report', 'HEAD']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`this clone is incomplete: object ${blob} is missing`);
      expect(r.stderr).not.toMatch(/Check the range/);
      const parent = repo.git(['rev-parse', 'HEAD~1']).trim();
      rmSync(join(repo.dir, '.git', 'objects', parent.slice(0, 2), parent.slice(2)));
      const log = repo.cli(['export', 'HEAD', '--no-lines']);
      expect(log.stderr).toContain(`this clone is incomplete: object ${parent} is missing`);
    } finally {
      repo.sandbox.cleanup();
    }
  });

  it('tells a missing object from a mistyped range', () => {
    expect(missingObject('fatal: unable to read 0cfbf08886fca9a91cb753ec8734c84fcbe52c9f')).toBe(
      '0cfbf08886fca9a91cb753ec8734c84fcbe52c9f',
    );
    expect(missingObject('error: Could not read be9c5fdd66f3301090efd3d21fb58ca8acb3bcb2\nfatal: Failed to traverse parents')).toBe(
      'be9c5fdd66f3301090efd3d21fb58ca8acb3bcb2',
    );
    expect(missingObject("fatal: ambiguous argument 'nope..HEAD': unknown revision or path not in the working tree.")).toBeNull();
  });
});

describe('verify over a long unattested history', () => {
  it('lists the first few, counts the rest, and names the one fix: the adoption point', () => {
    const repo = initRepo();
    try {
      for (let i = 0; i < 14; i++) {
        repo.write(`n${i}.txt`, `${i}\n`);
        repo.git(['add', '-A']);
        repo.git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', `unattested ${i}`]);
      }
      const newest = repo.git(['rev-parse', 'HEAD']).trim();
      const r = repo.cli(['verify', 'HEAD~14..HEAD']);
      expect(r.status).toBe(1);
      expect(r.stdout.match(/^ {2}[0-9a-f]{12} {2}unattested \d+$/gm)).toHaveLength(10);
      expect(r.stdout).toContain('... and 4 more commits with the same result (`ai-attest verify --json` lists every one)');
      expect(r.stdout).toContain(`pin the adoption point: set "policy": {"exempt": {"before": "${newest}"}}`);
      expect((JSON.parse(repo.cli(['verify', '--json', 'HEAD~14..HEAD']).stdout) as { commits: unknown[] }).commits).toHaveLength(14);
    } finally {
      repo.sandbox.cleanup();
    }
  });
});
