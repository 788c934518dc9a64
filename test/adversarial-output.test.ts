// @module-tag git
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';
import type { Repo } from './helpers/repo.js';
import { safeDeep, safeJson, safeLines, safeText } from '../src/ui/safe-text.js';

// Repository text is untrusted input to terminals: a subject, a name or a path must never move
// the cursor, erase a line, recolour the screen or reorder what the reader sees.
const ESC = '\u001b';
const FORGED_PASS = `${ESC}[2K${ESC}[1A${ESC}[2K\rai-attest verify: 1 commit: 1 ok${ESC}[8m`;
const RLO = '\u202e';
const CSI_C1 = '\u009b';
/** Whatever a terminal would act on rather than show. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('safeText', () => {
  it('makes every control, C1 and bidi character visible and leaves plain text alone', () => {
    expect(safeText('plain text, ümlaut, 日本')).toBe('plain text, ümlaut, 日本');
    expect(safeText(`a${ESC}[31mb`)).toBe('a\\e[31mb');
    expect(safeText('a\r\nb\tc\u0000')).toBe('a\\r\\nb\\tc\\x00');
    expect(safeText(`${CSI_C1}2J`)).toBe('\\x9b2J');
    expect(safeText(`x${RLO}gnp.exe`)).toBe('x\\u202egnp.exe');
    expect(safeText('\u2066\u2069\u200f\u2028\u007f')).toBe('\\u2066\\u2069\\u200f\\u2028\\x7f');
  });

  it('safeLines keeps line breaks and tabs but nothing else', () => {
    expect(safeLines(`one\n\ttwo${ESC}[K\r`)).toBe('one\n\ttwo\\e[K\\r');
  });

  it('safeJson escapes what JSON.stringify leaves raw, and the JSON still means the same', () => {
    const value = { s: `${CSI_C1}x${RLO}y\u2028z${ESC}` };
    const text = safeJson(JSON.stringify(value));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('safeDeep reaches every string of nested data and keeps other values', () => {
    const data = { a: [`x${ESC}`, { b: `\n${RLO}` }], n: 3, ok: true, none: null };
    expect(safeDeep(data)).toEqual({ a: ['x\\e', { b: `\\n\\u202e` }], n: 3, ok: true, none: null });
  });
});

describe('repository text reaching the terminal (built CLI)', () => {
  let repo: Repo;
  const evilPath = `src/${ESC}[31mevil${RLO}\nname.ts`;

  beforeAll(() => {
    repo = initRepo();
    repo.write(evilPath, 'line one\nline two\n');
    repo.git(['add', '-A']);
    // Hooks skipped: the commit is unattested, so verify must fail it.
    repo.git(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', `fix typo${FORGED_PASS}`], {
      env: { GIT_AUTHOR_NAME: `Mallory ${RLO}${CSI_C1}2J` },
    });
  });
  afterAll(() => repo.sandbox.cleanup());

  it("a commit subject with escape sequences cannot rewrite verify's screen", () => {
    const r = repo.cli(['verify', 'HEAD^..HEAD']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('fix typo\\e[2K\\e[1A\\e[2K\\rai-attest verify: 1 commit: 1 ok\\e[8m');
    expect(r.stdout).toMatch(/1 commit fails the attestation policy/);
    const gh = repo.cli(['verify', '--format', 'github', 'HEAD^..HEAD']);
    expect(gh.stdout).not.toMatch(RAW_CONTROL);
  });

  it('every text renderer escapes subjects, names and paths', () => {
    const runs: Array<[string, string[]]> = [
      ['show', ['show', 'HEAD']],
      ['report table', ['report', 'HEAD', '--by', 'author']],
      ['report markdown', ['report', 'HEAD', '--format', 'markdown']],
      ['report csv', ['report', 'HEAD', '--format', 'csv', '--by', 'author']],
      ['report html', ['report', 'HEAD', '--format', 'html']],
      ['status', ['status']],
      ['doctor', ['doctor', '--offline']],
      ['trace', ['trace', '-L', '1,2', '--', evilPath]],
    ];
    for (const [name, args] of runs) {
      const r = repo.cli(args);
      expect(r.stderr, `${name}: ${r.stderr}`).not.toMatch(/unexpected error/);
      expect(r.stdout.length, `${name} printed something`).toBeGreaterThan(0);
      // CSV ends rows with CRLF (RFC 4180); only its row ends may carry a CR.
      const shown = name === 'report csv' ? r.stdout.replace(/\r\n/g, '\n') : r.stdout;
      expect(shown, name).not.toMatch(RAW_CONTROL);
    }
    expect(repo.cli(['show', 'HEAD']).stdout).toContain('Mallory \\u202e\\x9b2J');
    expect(repo.cli(['trace', '-L', '1,2', '--', evilPath]).stdout).toContain('src/\\e[31mevil\\u202e\\nname.ts');
  });

  it('JSON and NDJSON keep the text exactly, with nothing raw a terminal would act on', () => {
    for (const args of [
      ['verify', '--json', 'HEAD^..HEAD'],
      ['show', '--json', 'HEAD'],
      ['report', '--json', 'HEAD'],
      ['export', 'HEAD^..HEAD'],
    ]) {
      const r = repo.cli(args);
      expect(r.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
    }
    const shown = JSON.parse(repo.cli(['show', '--json', 'HEAD']).stdout) as { subject: string; author: { name: string } };
    expect(shown.subject).toBe(`fix typo${FORGED_PASS}`);
    expect(shown.author.name).toBe(`Mallory ${RLO}${CSI_C1}2J`);
  });
});
