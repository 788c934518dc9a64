// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { blame, parseBlamePorcelain } from '../src/read/trace/blame.js';
import { deriveBlame } from '../src/read/trace/derive-blame.js';
import { lineLog, parseLineLog, type RangeChange } from '../src/read/trace/line-log.js';
import { unquotePath } from '../src/read/trace/quote.js';
import { numericLines } from '../src/read/trace/specs.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

const sandbox = makeSandbox();
afterAll(() => sandbox.cleanup());

describe('git output parsers', () => {
  it('undoes C-style path quoting, keeping characters outside the BMP', () => {
    expect(unquotePath('plain name ✓.ts')).toBe('plain name ✓.ts');
    expect(unquotePath('"we\\"ird\\\\name.txt"')).toBe('we"ird\\name.txt');
    expect(unquotePath('"tab\\there"')).toBe('tab\there');
    expect(unquotePath('"\\342\\234\\223 \u{1F600}.ts"')).toBe('✓ \u{1F600}.ts');
  });

  it('reads blame porcelain, where a commit names its file only the first time', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const out = [
      `${a} 1 1 2`,
      'author X',
      'summary one',
      'filename old name.ts',
      '\tfirst',
      `${a} 2 2`,
      '\tsecond',
      `${b} 7 3 1`,
      'author Y',
      'previous 0000 x',
      'filename "q\\"uote.ts"',
      '\tthird',
      `${a} 5 4 1`,
      '\tfourth',
      '',
    ].join('\n');
    expect(parseBlamePorcelain(out)).toEqual([
      { commit: a, originalLine: 1, line: 1, path: 'old name.ts', text: 'first' },
      { commit: a, originalLine: 2, line: 2, path: 'old name.ts', text: 'second' },
      { commit: b, originalLine: 7, line: 3, path: 'q"uote.ts', text: 'third' },
      { commit: a, originalLine: 5, line: 4, path: 'old name.ts', text: 'fourth' },
    ]);
  });

  it('reads log -L output: parents, paths across a rename, hunks and numbered rows', () => {
    const c = 'c'.repeat(40);
    const p = 'd'.repeat(40);
    const out = [
      `\u0000commit ${c} ${p}`,
      '',
      'diff --git a/old b/new ✓',
      '--- a/old',
      '+++ b/new ✓',
      '@@ -3,2 +3,3 @@',
      ' keep',
      '-gone',
      '+came',
      '+also',
      '',
    ].join('\n');
    const [change] = parseLineLog(out);
    expect(change).toMatchObject({ commit: c, parents: [p], path: 'new ✓', previousPath: 'old', created: false });
    expect(change!.hunks).toEqual([{ old: { start: 3, lines: 2 }, new: { start: 3, lines: 3 }, added: 2, removed: 1 }]);
    expect(change!.rows).toEqual([
      { kind: ' ', old: 3, new: 3, text: 'keep' },
      { kind: '-', old: 4, text: 'gone' },
      { kind: '+', new: 4, text: 'came' },
      { kind: '+', new: 5, text: 'also' },
    ]);
  });

  it('knows the lines of one numeric range only', () => {
    expect(numericLines(['3,5'])).toEqual([3, 4, 5]);
    expect(numericLines(['5,3'])).toEqual([3, 4, 5]);
    expect(numericLines(['4,+2'])).toEqual([4, 5]);
    expect(numericLines(['4,-2'])).toEqual([3, 4]);
    expect(numericLines([':main'])).toBeNull();
    expect(numericLines(['1,2', '5,6'])).toBeNull();
  });
});

describe('blame read off log -L', () => {
  const change = (commit: string, rows: RangeChange['rows']): RangeChange => ({
    commit,
    parents: ['p'],
    path: 'f',
    previousPath: null,
    created: false,
    hunks: [],
    rows,
    patch: [],
  });

  it('gives up when a commit leaves out a tracked block (counts do not line up)', () => {
    const newer = change('new', [
      { kind: '+', new: 1, text: 'a' },
      { kind: '-', old: 1, text: 'x' },
      { kind: ' ', old: 2, new: 2, text: 'b' },
    ]);
    const older = change('old', [
      { kind: '+', new: 1, text: 'x' },
      { kind: '+', new: 2, text: 'b' },
    ]);
    expect(deriveBlame([newer, older], [1, 2])).toEqual([
      { line: 1, commit: 'new', path: 'f', originalLine: 1, text: 'a' },
      { line: 2, commit: 'old', path: 'f', originalLine: 2, text: 'b' },
    ]);
    // the older commit prints one of the two lines the newer one took from it
    expect(deriveBlame([newer, change('old', [{ kind: '+', new: 2, text: 'b' }])], [1, 2])).toBeNull();
    // the history ends while a line is still unexplained (a shallow clone, say)
    expect(deriveBlame([newer], [1, 2])).toBeNull();
    // more lines than asked for: not the range the caller thinks
    expect(deriveBlame([newer, older], [1])).toBeNull();
  });

  it('agrees with git blame on a random history of inserts, deletes and edits', async () => {
    const repo = makeRepo(sandbox, 'random');
    let seed = 1234;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const lines = Array.from({ length: 160 }, (_, i) => `line ${i}`);
    const stream: string[] = [];
    for (let c = 0; c < 120; c++) {
      for (let k = 0; k < 1 + rand(4); k++) {
        const at = rand(lines.length);
        const op = rand(10);
        if (op < 5) lines[at] = `edit ${c}.${k}`;
        else if (op < 8) lines.splice(at, 0, `insert ${c}.${k}`, ...(rand(2) ? [`insert ${c}.${k}b`] : []));
        else if (lines.length > 100) lines.splice(at, 1 + rand(3));
      }
      const body = `${lines.join('\n')}\n`;
      const who = `T <t@example.com> ${1700000000 + c * 60} +0000`;
      stream.push(
        `commit refs/heads/main\nmark :${c + 1}\nauthor ${who}\ncommitter ${who}\ndata ${`c${c}`.length}\nc${c}\n${c ? `from :${c}\n` : ''}`,
      );
      stream.push(`M 100644 inline f.txt\ndata ${Buffer.byteLength(body)}\n${body}\n`);
    }
    repo.git(['fast-import', '--quiet'], { input: stream.join('') });
    const git = { cwd: repo.dir, env: repo.env };
    let derived = 0;
    for (let t = 0; t < 30; t++) {
      const start = 1 + rand(lines.length - 30);
      const specs = [`${start},+${1 + rand(30)}`];
      const [history, expected] = await Promise.all([lineLog('f.txt', specs, 'main', git), blame('f.txt', specs, 'main', git)]);
      const got = deriveBlame(history, numericLines(specs)!);
      if (got === null) continue;
      derived++;
      expect(got, `-L ${specs[0]}`).toEqual(expected);
    }
    // The fast path must be the usual one, not a rare exception.
    expect(derived).toBeGreaterThanOrEqual(27);
  });
});
