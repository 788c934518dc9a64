import { git, type GitOptions } from './run.js';
import { unquotePath } from './unquote-path.js';

/** One hunk of a commit's change to the traced lines, as `git log -L` shows it. */
export interface RangeHunk {
  /** Lines of the range before the commit (start 0 with count 0: the lines did not exist). */
  old: { start: number; lines: number };
  new: { start: number; lines: number };
  added: number;
  removed: number;
}

/** A commit that changed the traced lines (newest first), with the path they had then. */
export interface RangeChange {
  commit: string;
  /** The file's path after the commit; null for a merge that only joined histories (no diff). */
  path: string | null;
  /** The path before, when the commit renamed the file. */
  previousPath: string | null;
  created: boolean;
  hunks: RangeHunk[];
  /** The diff lines of the range (hunk headers, context, - and +), for --patch. */
  patch: string[];
}

const MARK = '\u0000commit ';

/**
 * ONE `git log -L` for all ranges (`a,b`, `:funcname`, `/regex/`), always across renames (the
 * caller cuts the history at a rename unless asked to follow).
 */
export async function lineLog(file: string, specs: readonly string[], rev: string, options: GitOptions): Promise<RangeChange[]> {
  const args = lineLogArgs(file, specs, rev);
  return parseLineLog(await git(args, options));
}

/** lineLog's git arguments; bin/ai-attest.cjs runs the same for the requests it prefetches (src/git/prefetch.ts). */
export function lineLogArgs(file: string, specs: readonly string[], rev: string): string[] {
  return [
    '-c',
    'core.quotePath=false',
    '-c',
    'log.showSignature=false',
    '-c',
    'diff.noprefix=false',
    '-c',
    'diff.mnemonicPrefix=false',
    'log',
    '--no-color',
    '--no-ext-diff',
    '--no-notes',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '-M',
    '--format=%x00commit %H',
    ...specs.flatMap((spec) => ['-L', `${spec}:${file}`]),
    rev,
    '--',
  ];
}

export function parseLineLog(out: string): RangeChange[] {
  const changes: RangeChange[] = [];
  for (const chunk of out.split(MARK).slice(1)) {
    const eol = chunk.indexOf('\n');
    const commit = chunk.slice(0, eol < 0 ? chunk.length : eol).trim();
    changes.push(
      parseDiff(eol < 0 ? '' : chunk.slice(eol + 1), {
        commit,
        path: null,
        previousPath: null,
        created: false,
        hunks: [],
        patch: [],
      }),
    );
  }
  return changes;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function parseDiff(diff: string, change: RangeChange): RangeChange {
  let hunk: RangeHunk | null = null;
  let inHeader = false;
  for (const row of diff.split('\n')) {
    if (row.startsWith('diff --git ')) {
      inHeader = true;
      hunk = null;
      continue;
    }
    if (inHeader) {
      if (row.startsWith('--- ')) {
        change.previousPath = diffPath(row.slice(4), 'a/');
        change.created = change.previousPath === null;
      } else if (row.startsWith('+++ ')) {
        change.path = diffPath(row.slice(4), 'b/');
        if (change.previousPath === change.path) change.previousPath = null;
        inHeader = false;
      }
      continue;
    }
    const header = HUNK.exec(row);
    if (header) {
      hunk = {
        old: { start: Number(header[1]), lines: header[2] === undefined ? 1 : Number(header[2]) },
        new: { start: Number(header[3]), lines: header[4] === undefined ? 1 : Number(header[4]) },
        added: 0,
        removed: 0,
      };
      change.hunks.push(hunk);
      change.patch.push(row);
      continue;
    }
    if (!hunk) continue;
    const kind = row[0];
    if (kind === '+') hunk.added++;
    else if (kind === '-') hunk.removed++;
    else if (kind !== ' ' && kind !== '\\') continue;
    change.patch.push(row);
  }
  return change;
}

/** `a/path`, `"a/quoted\tpath"` or `/dev/null` (null). */
function diffPath(text: string, prefix: string): string | null {
  // git ends a ---/+++ path holding a space with a tab, so that patch(1) can parse it.
  const raw = text.endsWith('\t') ? text.slice(0, -1) : text;
  if (raw === '/dev/null') return null;
  const path = unquotePath(raw);
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
