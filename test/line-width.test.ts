import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Biome's lineWidth: the formatter cannot break a long literal, regex or comment, so those need a person.
const MAX_COLUMNS = 140;
const root = join(import.meta.dirname, '..');
const CODE = /\.(?:[cm]?ts|[cm]?js)$/;

function codeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return codeFiles(path);
    return CODE.test(name) ? [path] : [];
  });
}

/** `file:line (columns)` for each line wider than the limit, counted in characters as an editor shows them. */
function longLines(files: readonly string[], max = MAX_COLUMNS): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const columns = [...line].length;
        return columns > max ? [`${relative(root, file)}:${i + 1} (${columns})`] : [];
      }),
  );
}

describe('line width', () => {
  // Agents' payloads under test/fixtures/ (JSON, JSONL) stay as the agents write them; only code is held to it.
  it(`keeps every line of code in src/, test/, bench/, scripts/ and bin/ within ${MAX_COLUMNS} columns`, () => {
    const files = ['src', 'test', 'bench', 'scripts', 'bin'].flatMap((dir) => codeFiles(join(root, dir)));
    expect(files.length).toBeGreaterThan(100);
    expect(longLines(files), 'wrap these: split strings with + or template parts, build regexes from named parts').toEqual([]);
  });

  it('counts characters, not bytes, and reports the file and line', () => {
    const here = join(root, 'test', 'line-width.test.ts');
    expect(longLines([here], 20)[0]).toMatch(/^test\/line-width\.test\.ts:1 \(\d+\)$/);
    expect(longLines([here], 10_000)).toEqual([]);
  });
});
