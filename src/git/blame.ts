import { git, type GitOptions } from './run.js';
import { unquotePath } from './unquote-path.js';

/** One line of the file at the blamed revision and the commit that last changed it. */
export interface BlameLine {
  /** Line number in the file at the blamed revision. */
  line: number;
  commit: string;
  /** Path and line number in that commit (they differ after renames and moves). */
  path: string;
  originalLine: number;
  text: string;
}

/**
 * ONE `git blame --porcelain` for all -L ranges (`a,b`, `a,+n`, `:funcname`, `/regex/`), at
 * `rev` (never the work tree): git's own answer, with its diff (algorithm, indent heuristic)
 * as the user's configuration sets it. Ignored revisions (blame.ignoreRevsFile) are not
 * applied: an ignored commit still wrote its lines, and an audit must name it.
 */
export async function blameLines(file: string, specs: readonly string[], rev: string, options: GitOptions): Promise<BlameLine[]> {
  const args = blameArgs(file, specs, rev);
  return parseBlamePorcelain(await git(args, options));
}

/** blameLines' git arguments; bin/ai-attest.cjs runs the same for the requests it prefetches (src/git/prefetch.ts). */
export function blameArgs(file: string, specs: readonly string[], rev: string): string[] {
  return [
    '-c',
    'core.quotePath=false',
    'blame',
    '--porcelain',
    '--ignore-revs-file=',
    ...specs.flatMap((spec) => ['-L', spec]),
    rev,
    '--',
    file,
  ];
}

const HEADER = /^([0-9a-f]{40,64}) (\d+) (\d+)(?: \d+)?$/;

/**
 * Porcelain output names a commit's details (and `filename`) only the first time it appears,
 * unless the commit shows up under several paths; so the path is remembered per commit.
 */
export function parseBlamePorcelain(out: string): BlameLine[] {
  const lines: BlameLine[] = [];
  const pathOf = new Map<string, string>();
  let current: { commit: string; originalLine: number; line: number } | null = null;
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf('\n', start);
    if (end < 0) end = out.length;
    const row = out.slice(start, end);
    start = end + 1;
    if (row.startsWith('\t')) {
      if (current) lines.push({ ...current, path: pathOf.get(current.commit) ?? '', text: row.slice(1) });
      current = null;
      continue;
    }
    const header = HEADER.exec(row);
    if (header) {
      current = { commit: header[1]!, originalLine: Number(header[2]), line: Number(header[3]) };
    } else if (current && row.startsWith('filename ')) {
      pathOf.set(current.commit, unquotePath(row.slice('filename '.length)));
    }
  }
  return lines;
}
