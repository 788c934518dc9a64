/**
 * Repository text made safe for a terminal: control characters (C0, DEL, C1) and bidirectional
 * overrides, which could rewrite what a reader sees, become visible `\xNN` / `\u{NNNN}` escapes.
 * Newlines are escaped too: each value stays on its line.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}
