import { NOTES_REF } from '../core/model.js';
import { COMMIT_FIELDS, notUtf8, redecoded, toRecord, type CommitRecord, type ReadRangeOptions } from './log.js';
import { gitNulTokens } from './nul-stream.js';
import { RawCommitReader } from './raw-commit.js';

export interface CommitWithPatch {
  record: CommitRecord;
  /** The commit's diff against its first parent, zero context lines ('' for a merge or an empty commit). */
  patch: string;
}

/**
 * Commits of a range with their patches, from ONE `git log -p` call: the same records as
 * readCommits plus the diff. Each record's format starts with a NUL, so the text between the
 * last field and the next commit's NUL is that commit's patch (patches hold no NUL: git shows
 * files with NUL bytes as binary). Zero context (-U0), no textconv or external diff: what is
 * stored, added lines only where they were added.
 */
export async function* readCommitsWithPatches(revisions: readonly string[], options: ReadRangeOptions): AsyncGenerator<CommitWithPatch> {
  const args = [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'log.showSignature=false',
    '-c',
    'core.quotePath=false',
    '-c',
    'diff.noprefix=false',
    'log',
    '--no-color',
    '--no-notes',
    `--notes=${options.notesRef ?? NOTES_REF}`,
    '-p',
    '-U0',
    '--no-textconv',
    '--no-ext-diff',
    '--no-renames',
    '--diff-merges=off',
    `--format=%x00${COMMIT_FIELDS.join('%x00')}%x00`,
    ...(options.logOptions ?? []),
    ...revisions,
    '--',
  ];
  let first = true;
  let fields: string[] = [];
  let raw: RawCommitReader | null = null;
  try {
    for await (const token of gitNulTokens(args, `git log -p ${revisions.join(' ')}`, { ...options, tail: true })) {
      if (first) {
        first = false;
        continue;
      }
      if (fields.length < COMMIT_FIELDS.length) {
        fields.push(token);
        continue;
      }
      const record = toRecord(fields);
      // Text that is not UTF-8 (a Latin-1 name from an old tool) is decoded as readCommits decodes it.
      yield { record: notUtf8(record) ? await redecoded(record, (raw ??= new RawCommitReader(options))) : record, patch: token };
      fields = [];
    }
  } finally {
    raw?.close();
  }
}

export interface AddedLine {
  path: string;
  /** Line number in the new file. */
  line: number;
  text: string;
}

/** The added lines of a zero-context patch, with their file and new line number. */
export function* addedLines(patch: string): Generator<AddedLine> {
  let path = '';
  let next = 0;
  let start = 0;
  // Between `diff --git` and the first hunk: "+++ b/path" there is a header, after it an added "++ …" line.
  let header = false;
  while (start < patch.length) {
    let end = patch.indexOf('\n', start);
    if (end === -1) end = patch.length;
    const c = patch.charCodeAt(start);
    if (c === 100 /* d */ && patch.startsWith('diff --git ', start)) {
      header = true;
      path = '';
    } else if (c === 43 /* + */) {
      if (header && patch.startsWith('+++ ', start)) {
        const name = patch.slice(start + 4, end);
        path = name === '/dev/null' ? '' : unquote(name).replace(/^b\//, '');
      } else if (path) {
        yield { path, line: next++, text: patch.slice(start + 1, end) };
      }
    } else if (c === 64 /* @ */) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(patch.slice(start, Math.min(end, start + 80)));
      if (m) next = Number(m[1]);
      header = false;
    }
    start = end + 1;
  }
}

/** git's C-style quoted path ("b/a\tb"), with core.quotePath=false so only specials are escaped. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const n = body[++i] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(simple[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
