import { git, type GitOptions } from '../../git/run.js';
import { unquotePath } from './quote.js';
import { blameRangeArgs } from './specs.js';

/** One line of the file at the traced revision and the commit that last changed it. */
export interface BlameLine {
  /** Line number in the file at the traced revision. */
  line: number;
  commit: string;
  /** Path and line number in that commit (they differ after renames and moves). */
  path: string;
  originalLine: number;
  text: string;
}

/** ONE `git blame --porcelain` for all -L ranges, at `rev` (never the work tree). */
export async function blame(file: string, specs: readonly string[], rev: string, options: GitOptions): Promise<BlameLine[]> {
  const out = await git(
    ['-c', 'core.quotePath=false', '-c', 'blame.coloring=none', 'blame', '--porcelain', ...blameRangeArgs(specs), rev, '--', file],
    options,
  );
  return parseBlamePorcelain(out);
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
