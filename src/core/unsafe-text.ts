/**
 * Characters a terminal acts on rather than shows, or that reorder what a reader sees: C0 and C1
 * controls, DEL, bidirectional marks, overrides and isolates, and the Unicode line and paragraph
 * separators. src/ui/safe-text.ts escapes them for output; a path holding one is always sensitive.
 */
export const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_CHARACTER.test(text);
}
