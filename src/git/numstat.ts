import type { GitRunner } from './run.js';
import { COMMITS_AS_GIVEN, unflushed } from './log.js';
import { gitNulTokens } from './nul-stream.js';

export interface FileLines {
  path: string;
  /** For a rename or copy (detected with -M), the path before. */
  from?: string;
  added: number;
  deleted: number;
  /** Git shows '-' '-' for a binary file: its lines are not counted. */
  binary: boolean;
}

export interface CommitLines {
  commit: string;
  files: FileLines[];
  /** Sums over the text files. */
  added: number;
  deleted: number;
  binaryFiles: number;
}

export interface ReadLinesOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Must match the options of the attestation read, so both streams list the same commits in the same order. */
  logOptions?: string[];
  /** What runs git (see GitOptions.git). */
  git?: GitRunner;
}

/**
 * The arguments of the line-count read. Decisions (docs/report.md "Line counts"):
 * - renames are detected (-M): a moved file counts its edited lines, not a full delete plus add;
 * - merges show no diff (--diff-merges=off): their lines are counted in the commits they bring in;
 * - textconv and external diff drivers are off, so the counts are of the stored content.
 */
export function numstatArgs(revisions: readonly string[], logOptions: readonly string[] = []): string[] {
  return [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'log.showSignature=false',
    'log',
    '-z',
    '--no-color',
    '--no-notes',
    '--numstat',
    '-M',
    '--diff-merges=off',
    '--no-textconv',
    '--no-ext-diff',
    '--format=%x01%H',
    ...logOptions,
    ...revisions,
    '--',
  ];
}

const ENTRY = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/;

/**
 * Streams per-commit line counts of `revisions` from ONE `git log --numstat -z` call, in the
 * same order as readCommits() over the same revisions and options.
 */
export async function* readLineCounts(revisions: readonly string[], options: ReadLinesOptions): AsyncGenerator<CommitLines> {
  const args = numstatArgs(revisions, options.logOptions);
  const parser = new NumstatParser();
  for await (const token of gitNulTokens(args, `git log --numstat ${revisions.join(' ')}`, { ...options, env: unflushed(options.env) })) {
    const done = parser.push(token);
    if (done) yield done;
  }
  const last = parser.finish();
  if (last) yield last;
}

/**
 * Tokens are NUL-separated: `\x01<id>` opens a commit; `A\tD\tPATH` is a file; `A\tD\t` is a
 * rename whose old and new paths are the next two tokens. The first entry of a commit carries
 * a leading newline.
 */
export class NumstatParser {
  private current: CommitLines | null = null;
  private pendingRename: { added: number; deleted: number; binary: boolean; from?: string } | null = null;

  /** Feeds one token; returns a finished commit when this token starts the next one. */
  push(token: string): CommitLines | null {
    const rename = this.pendingRename;
    if (rename) {
      if (rename.from === undefined) {
        rename.from = token;
      } else {
        this.pendingRename = null;
        this.add({ path: token, from: rename.from, added: rename.added, deleted: rename.deleted, binary: rename.binary });
      }
      return null;
    }
    if (token.charCodeAt(0) === 1) {
      const done = this.current;
      this.current = { commit: token.slice(1), files: [], added: 0, deleted: 0, binaryFiles: 0 };
      return done;
    }
    const text = token.charCodeAt(0) === 10 ? token.slice(1) : token;
    if (!text) return null;
    const m = ENTRY.exec(text);
    if (!m) return null;
    const binary = m[1] === '-';
    const added = binary ? 0 : Number(m[1]);
    const deleted = binary ? 0 : Number(m[2]);
    if (m[3] === '') this.pendingRename = { added, deleted, binary };
    else this.add({ path: m[3]!, added, deleted, binary });
    return null;
  }

  finish(): CommitLines | null {
    const done = this.current;
    this.current = null;
    return done;
  }

  private add(file: FileLines): void {
    const c = this.current;
    if (!c) return;
    c.files.push(file);
    if (file.binary) c.binaryFiles++;
    else {
      c.added += file.added;
      c.deleted += file.deleted;
    }
  }
}

/** readLineCounts of the commits named, in the order given (no walk). */
export function readLineCountsById(ids: readonly string[], options: Omit<ReadLinesOptions, 'logOptions'>): AsyncGenerator<CommitLines> {
  return readLineCounts(ids, { ...options, logOptions: [...COMMITS_AS_GIVEN] });
}
