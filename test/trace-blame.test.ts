// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { parseBlamePorcelain } from '../src/git/blame.js';
import { parseLineLog } from '../src/git/line-log.js';
import { unquotePath } from '../src/git/unquote-path.js';
import { traceLines } from '../src/read/trace/trace.js';
import { writeLineHistory } from './helpers/line-history.js';
import { repoMissingABlob } from './helpers/missing-object.js';
import { makeRepo, makeSandbox, type Repo } from './helpers/repo.js';

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

  it('reads log -L output: paths across a rename, hunks and the patch', () => {
    const c = 'c'.repeat(40);
    const out = [
      `\u0000commit ${c}`,
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
    expect(change).toMatchObject({ commit: c, path: 'new ✓', previousPath: 'old', created: false });
    expect(change!.hunks).toEqual([{ old: { start: 3, lines: 2 }, new: { start: 3, lines: 3 }, added: 2, removed: 1 }]);
    expect(change!.patch).toEqual(['@@ -3,2 +3,3 @@', ' keep', '-gone', '+came', '+also']);
  });
});

interface Attribution {
  line: number;
  commit: string;
  path: string;
  originalLine: number;
}

/** `git blame -L` itself, in its human form (-l full ids, -n original numbers, -f paths). */
function gitBlame(repo: Repo, file: string, specs: readonly string[]): Attribution[] {
  const out = repo.git(['blame', '-l', '-n', '-f', '-s', '--root', ...specs.flatMap((s) => ['-L', s]), 'main', '--', file]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const m = /^([0-9a-f]{40}) (.+?) +(\d+) +(\d+)\) /.exec(row);
      if (!m) throw new Error(`unexpected git blame row: ${row}`);
      return { commit: m[1]!, path: m[2]!, originalLine: Number(m[3]), line: Number(m[4]) };
    });
}

function requests(repo: Repo, file: string, length: number, rand: (n: number) => number): string[][] {
  const single = Array.from({ length: 4 }, () => {
    const start = 1 + rand(Math.max(1, length - 25));
    return [`${start},${Math.min(length, start + 5 + rand(20))}`];
  });
  const second = 1 + rand(length);
  const names = [...repo.git(['show', `main:${file}`]).matchAll(/^function (f\d+)\(/gm)].map((m) => m[1]!);
  const name = names[rand(names.length)]!;
  return [
    ...single,
    [`${second},+${1 + rand(Math.min(15, length - second + 1))}`, `${1 + rand(length)},+3`],
    [`:${name}`],
    [`/^function ${name}[(]/,+4`],
  ];
}

describe("trace's lines view is git blame's, line by line", () => {
  // Seeded histories with moves, renames, copies and merges (120 steps, about 190 commits each).
  for (const seed of [7, 1234, 99991]) {
    it(`on generated history ${seed}`, async () => {
      const repo = makeRepo(sandbox, `history-${seed}`);
      const history = writeLineHistory(repo, seed, 120);
      expect(history.merges).toBeGreaterThan(3);
      let state = seed;
      const rand = (n: number) => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state % n;
      };
      const firstParent = new Set(repo.git(['rev-list', '--first-parent', 'main']).split('\n'));
      let compared = 0;
      let fromSideBranches = 0;
      let underOtherPaths = 0;
      for (const [file, length] of history.files) {
        for (const specs of requests(repo, file, length, rand)) {
          const expected = gitBlame(repo, file, specs);
          const traced = await traceLines({ file, specs, rev: 'main', follow: false }, { cwd: repo.dir, env: repo.env });
          const ours = traced.lines.flatMap((range) =>
            range.text.map((_, i) => ({
              line: range.start + i,
              commit: range.commit,
              path: range.path,
              originalLine: range.originalStart + i,
            })),
          );
          expect(ours, `${file} -L ${specs.join(' -L ')}`).toEqual(expected);
          compared += expected.length;
          fromSideBranches += expected.filter((l) => !firstParent.has(l.commit)).length;
          underOtherPaths += expected.filter((l) => l.path !== file).length;
        }
      }
      // The histories exercise what they claim: lines merged in from side branches, and lines
      // blamed across a rename or in a file copied from another.
      expect(compared).toBeGreaterThan(200);
      expect(fromSideBranches).toBeGreaterThan(0);
      expect(underOtherPaths).toBeGreaterThan(0);
    });
  }
});

describe('blame ignore lists', () => {
  it('still names a commit on blame.ignoreRevsFile as the one that changed its lines', async () => {
    const repo = makeRepo(sandbox, 'ignore-revs');
    repo.write('f.txt', 'one\ntwo\nthree\n');
    repo.git(['add', 'f.txt']);
    repo.git(['commit', '-q', '-m', 'first']);
    repo.write('f.txt', 'one\ntwo, reformatted\nthree\n');
    repo.git(['commit', '-q', '-am', 'reformat']);
    const reformat = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write('.git-blame-ignore-revs', `${reformat}\n`);
    repo.git(['config', 'blame.ignoreRevsFile', '.git-blame-ignore-revs']);
    // The list is in force for plain git blame, which passes the line on to the first commit.
    expect(repo.git(['blame', '-l', '-s', '-L', '2,2', 'HEAD', '--', 'f.txt'])).not.toContain(reformat);
    const traced = await traceLines({ file: 'f.txt', specs: ['2,2'], rev: 'HEAD', follow: false }, { cwd: repo.dir, env: repo.env });
    expect(traced.lines.map((l) => l.commit)).toEqual([reformat]);
  });
});

describe('a clone with a missing object', () => {
  it('names the object and says the clone is incomplete, with or without the history', async () => {
    const { repo, blob } = repoMissingABlob(sandbox, 'missing-object');
    for (const linesOnly of [false, true]) {
      const traced = traceLines({ file: 'f.txt', specs: ['1,3'], rev: 'HEAD', follow: false, linesOnly }, { cwd: repo.dir, env: repo.env });
      await expect(traced).rejects.toThrow(new RegExp(`this clone is incomplete: object ${blob} is missing`));
    }
  });
});
