import { git, type GitOptions } from './run.js';

/** The lines a file gains in the staged change (its `+` lines), in order. */
export type AddedLines = Map<string, string[]>;

/**
 * The added lines of the staged change against `base` (every file, or only `paths`), in one
 * `git diff-index` with no context. Paths are matched literally (`:(literal)`), so a file
 * named like a glob is not a pattern.
 */
export async function stagedAddedLines(base: string, options: GitOptions, paths: readonly string[] = []): Promise<AddedLines> {
  const out = await git(
    [
      'diff-index',
      '--cached',
      '-p',
      '-U0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-renames',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      base,
      ...(paths.length ? ['--', ...paths.map((p) => `:(literal)${p}`)] : []),
    ],
    options,
  );
  return parseAddedLines(out);
}

export function parseAddedLines(diff: string): AddedLines {
  const added: AddedLines = new Map();
  let current: string[] | null = null;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      const path = line.slice(4);
      if (path === '/dev/null') current = null;
      else {
        const name = unquote(path).replace(/^b\//, '');
        current = added.get(name) ?? added.set(name, []).get(name)!;
      }
      continue;
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (inHunk && current && line.startsWith('+')) current.push(line.slice(1));
  }
  return added;
}

/** git quotes paths with unusual bytes as C strings: "b/a\tb" */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else
      bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
