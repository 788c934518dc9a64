import { UNSAFE_CHARACTER } from '../core/unsafe-text.js';

/**
 * The one escaping function for text read from a repository (subjects, names, paths, trailers,
 * notes, config) before it reaches a terminal or a text file. Pure and dependency-free: the hook
 * path may use it too.
 *
 * Escaped: C0 controls (ESC starts the sequences that move the cursor, erase lines or retitle the
 * window; CR and a newline let one field forge another line), DEL, C1 controls (U+0080-U+009F;
 * U+009B is a one-byte CSI on some terminals), the bidirectional overrides and isolates that
 * reorder what a reader sees ("Trojan Source"), and the Unicode line and paragraph separators.
 * Each becomes a visible `\xNN` or `\uNNNN`, so nothing is lost and nothing is hidden.
 */
const UNSAFE = new RegExp(UNSAFE_CHARACTER.source, 'g');
const UNSAFE_TEST = UNSAFE_CHARACTER;
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Characters JSON.stringify leaves raw (it escapes only U+0000-U+001F). */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of repository text, safe to print: every control and reordering character made visible. */
export function safeText(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** Like safeText, but keeps line breaks and tabs: for a block of text shown as several lines (a message). */
export function safeLines(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE_KEEP_LINES, escapeChar) : text;
}

/**
 * A copy of a plain data value with every string passed through safeText: renderers of small
 * reports (show, status, doctor, trace) take it, so no field can be forgotten.
 */
export function safeDeep<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => safeDeep(v)) as T;
  if (value && typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = safeDeep(v);
    return out as T;
  }
  return value;
}

/**
 * JSON text with the characters JSON.stringify leaves raw written as \u escapes. Lossless: they
 * can only occur inside strings, where the escape means the same character to a JSON reader, while
 * a terminal showing the JSON (`--json | less`, a CI log) never sees them raw.
 */
export function safeJson(json: string): string {
  return json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
