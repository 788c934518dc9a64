/**
 * Git trailers, read the way git 2.39's trailer.c reads them with default configuration
 * (`git interpret-trailers --parse --no-divider`), and rewritten without losing any other text.
 *
 * The reading half is a close port of trailer.c and commit.c's ignore_non_trailer(), quirks
 * included, because a trailer git does not see (or one it sees and we do not) is a verification
 * gap. It works on UTF-16 code units where git works on bytes: every character git tests is
 * ASCII, and neither a UTF-8 byte >= 0x80 nor a non-ASCII code unit is a space or token character.
 */

export interface Trailer {
  key: string;
  value: string;
}

const COMMENT = '#';
const SCISSORS = '# ------------------------ >8 ------------------------\n';
/** Lines that let a paragraph with non-trailer lines count as a trailer block (the 25% rule). */
const GIT_GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];

/** git's own ctype, not JavaScript's: ASCII only, and \v and \f are not spaces. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** A character code of a trailer token: ASCII letters, digits and '-'. */
function isTokenCode(n: number): boolean {
  return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 45;
}

function trim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

function nextLine(buf: string, i: number): number {
  const nl = buf.indexOf('\n', i);
  return nl < 0 ? buf.length : nl + 1;
}

/** Start of the last line of buf[0, len); a final '\n' belongs to that line. */
function lastLine(buf: string, len: number): number {
  if (len === 0) return -1;
  if (len === 1) return 0;
  return buf.lastIndexOf('\n', len - 2) + 1;
}

function isBlankLine(buf: string, i: number): boolean {
  let c = buf.charCodeAt(i);
  // ' ', '\t' and '\r' (isSpace without the newline that ends the line); NaN past the end.
  while (c === 32 || c === 9 || c === 13) c = buf.charCodeAt(++i);
  return i >= buf.length || c === 10;
}

/**
 * Offset of the ':' in "<token>[ \t]*:" at buf[bol], else -1 (0 cannot happen: the token is
 * never empty). Tokens are ASCII letters, digits and '-', so "http://x" is a trailer and
 * "Key with space: v" is not.
 */
function findSeparator(buf: string, bol: number): number {
  let afterToken = false;
  // Character codes, not one-character strings: this runs on every trailer line of every commit read.
  for (let i = bol; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 58 /* : */) return i - bol;
    if (!afterToken && isTokenCode(c)) continue;
    if (i !== bol && (c === 32 || c === 9)) {
      afterToken = true;
      continue;
    }
    break;
  }
  return -1;
}

/**
 * Where the log message proper ends: before a scissors line and before the trailing run of
 * comment lines, empty lines and an old-style "Conflicts:" block. Git forgets a run that starts
 * at offset 0 (its "no run" marker is 0); `gitQuirk` keeps that for reading, and rewriting
 * drops it so that a message of only comments gets its trailers before them.
 */
function endOfMessage(buf: string, gitQuirk: boolean): number {
  const scissors = buf.indexOf(`\n${SCISSORS}`);
  const cutoff = buf.startsWith(SCISSORS) ? 0 : scissors < 0 ? buf.length : scissors + 1;
  const none = gitQuirk ? 0 : -1;
  let boc = none;
  let inConflicts = false;
  for (let bol = 0; bol < cutoff; bol = nextLine(buf, bol)) {
    const c = buf[bol];
    if (c === COMMENT || c === '\n') {
      if (boc === none) boc = bol;
    } else if (buf.startsWith('Conflicts:\n', bol)) {
      inConflicts = true;
      if (boc === none) boc = bol;
    } else if (inConflicts && c === '\t') {
      // a path listed under "Conflicts:"
    } else if (boc !== none) {
      boc = none;
      inConflicts = false;
    }
  }
  return boc !== none ? boc : cutoff;
}

function isGitGenerated(buf: string, l: number): boolean {
  for (let i = 0; i < GIT_GENERATED.length; i++) if (buf.startsWith(GIT_GENERATED[i]!, l)) return true;
  return false;
}

/** trailer.c's find_trailer_start(): the offset of the block in buf[0, len), or len if none. */
function findTrailerStart(buf: string, len: number): number {
  // The first paragraph is the title, never trailers, even when every line of it looks like one.
  let endOfTitle = 0;
  while (endOfTitle < len && !isBlankLine(buf, endOfTitle)) {
    endOfTitle = nextLine(buf, endOfTitle);
  }
  let onlySpaces = true;
  let recognized = false;
  let trailers = 0;
  let others = 0;
  // Indented lines count as continuations if a trailer is found above them, else as text.
  let maybeContinuations = 0;
  for (let l = lastLine(buf, len); l >= endOfTitle; l = lastLine(buf, l)) {
    if (buf[l] === COMMENT) {
      others += maybeContinuations;
      maybeContinuations = 0;
      continue;
    }
    if (isBlankLine(buf, l)) {
      if (onlySpaces) continue;
      others += maybeContinuations;
      const isBlock = (recognized && trailers * 3 >= others) || (trailers > 0 && others === 0);
      return isBlock ? nextLine(buf, l) : len;
    }
    onlySpaces = false;
    if (isGitGenerated(buf, l)) {
      trailers++;
      maybeContinuations = 0;
      recognized = true;
    } else if (findSeparator(buf, l) >= 1) {
      trailers++;
      maybeContinuations = 0;
    } else if (isSpace(buf[l])) {
      maybeContinuations++;
    } else {
      others += 1 + maybeContinuations;
      maybeContinuations = 0;
    }
  }
  return len;
}

interface Scan {
  lines: string[];
  /** git's block, in lines; empty when there is none. */
  start: number;
  end: number;
}

/**
 * The index in buf.split('\n') of the line that starts at offset; the end of a buffer without a
 * final newline counts as the start of one more line.
 */
function lineAt(buf: string, offset: number): number {
  let n = offset > 0 && buf[offset - 1] !== '\n' ? 1 : 0;
  for (let i = buf.indexOf('\n'); i >= 0 && i < offset; i = buf.indexOf('\n', i + 1)) n++;
  return n;
}

function scan(message: string): Scan {
  const end = endOfMessage(message, true);
  const start = findTrailerStart(message, end);
  if (start === end) return { lines: message.split('\n'), start: 0, end: 0 };
  return { lines: message.split('\n'), start: lineAt(message, start), end: lineAt(message, end) };
}

interface Entry {
  first: number;
  /** First line plus its continuation lines. */
  count: number;
  trailer: Trailer | null;
}

/** trailer_info_get(): a trailer line takes the indented lines after it; any other line stands alone. */
function entries(lines: string[], from: number, to: number): Entry[] {
  const out: Entry[] = [];
  let last: Entry | null = null;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (last && (line === '' || isSpace(line[0]))) {
      last.count++;
      continue;
    }
    const entry: Entry = { first: i, count: 1, trailer: null };
    out.push(entry);
    last = findSeparator(line, 0) >= 1 ? entry : null;
  }
  for (let k = 0; k < out.length; k++) {
    const e = out[k]!;
    const text = e.count === 1 ? lines[e.first]! : lines.slice(e.first, e.first + e.count).join('\n');
    const sep = findSeparator(text, 0);
    if (sep < 1) continue;
    // unfold_value(): each line break and the white space after it become one space (a line of its own has none).
    const rest = trim(text.slice(sep + 1));
    const value = e.count === 1 ? rest : trim(rest.replace(/\n[ \t\n\r]*/g, ' '));
    e.trailer = { key: trim(text.slice(0, sep)), value };
  }
  return out;
}

function isBlankOrComment(line: string): boolean {
  return line[0] === COMMENT || isBlankLine(line, 0);
}

/** Same result as `git interpret-trailers --parse --no-divider` with default configuration. */
export function parseTrailers(message: string): Trailer[] {
  const { lines, start, end } = scan(message);
  const found = entries(lines, start, end);
  const out: Trailer[] = [];
  for (let i = 0; i < found.length; i++) if (found[i]!.trailer) out.push(found[i]!.trailer!);
  return out;
}

/**
 * The trailer block as line indexes [start, end) into message.split('\n') (a CRLF line keeps its
 * '\r'), or null. Whitespace-only and comment lines that git counts at the block's tail are left out.
 */
export function findTrailerBlock(message: string): { start: number; end: number } | null {
  const { lines, start, end } = scan(message);
  if (start === end) return null;
  let last = end;
  while (last > start && isBlankOrComment(lines[last - 1]!)) last--;
  return { start, end: last };
}

/**
 * Keep the trailers for which keep() is true (verbatim, with their continuation lines), drop the
 * others, append `add` as "Key: value" lines. With no trailer block, the trailers become a new last
 * paragraph, placed where git interpret-trailers puts it: before trailing comments, a scissors
 * line or a "Conflicts:" block. Non-trailer text is never dropped. Idempotent when keep() rejects
 * the keys in `add`. The message's line ending (CRLF or LF, from its first line) is kept.
 */
export function rewriteTrailers(message: string, keep: (t: Trailer, index: number) => boolean, add: Trailer[]): string {
  for (const t of add) {
    // A value may be folded: each line break followed by the continuation line's space.
    if (!/^[A-Za-z0-9-]+$/.test(t.key) || /\r|\n(?![ \t]\S)/.test(t.value)) {
      throw new TypeError(`rewriteTrailers: not a trailer (one line, or folded lines): ${JSON.stringify(t)}`);
    }
  }
  const cr = /^[^\n]*\r\n/.test(message) ? '\r' : '';
  const added = add.map((t) => `${t.key}: ${t.value}${cr}`.replace(/\n/g, `${cr}\n`)).flatMap((l) => l.split('\n'));
  const block = findTrailerBlock(message);
  const lines = message.split('\n');
  if (added.length && message !== '' && !message.endsWith('\n')) {
    // New lines follow complete lines, as git's do. Only now: a final "Conflicts:" is text to
    // git, but would start a "Conflicts:" block once terminated.
    lines[lines.length - 1] += cr;
    lines.push('');
  }

  if (!block) {
    if (!added.length) return message;
    const at = lineAt(message, endOfMessage(message, false));
    const before = lines.slice(0, at);
    const gap = before.length === 0 || !isBlankLine(before[before.length - 1]!, 0) ? [cr] : [];
    return [...before, ...gap, ...added, ...lines.slice(at)].join('\n');
  }

  // `index` counts trailers as parseTrailers() lists them, so callers can judge a line by its place.
  let index = 0;
  const kept = entries(lines, block.start, block.end).flatMap((e) =>
    e.trailer && !keep(e.trailer, index++) ? [] : lines.slice(e.first, e.first + e.count),
  );
  const before = lines.slice(0, block.start);
  const after = lines.slice(block.end);
  if (!kept.length && !added.length) {
    while (before.length && isBlankLine(before[before.length - 1]!, 0)) before.pop();
    if (after.length && !isBlankLine(after[0]!, 0)) before.push(cr);
    return [...before, ...after].join('\n');
  }
  const rewritten = [...before, ...kept, ...added, ...after].join('\n');
  if (!added.length || findTrailerBlock(rewritten)?.start === block.start) return rewritten;
  // What is left no longer reads as a trailer block (e.g. the Signed-off-by that carried the 25%
  // rule was dropped): leave it as text and give the new trailers their own paragraph.
  return [...before, ...kept, cr, ...added, ...after].join('\n');
}
