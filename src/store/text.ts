/**
 * Repository text (names, paths, emails) on a terminal: C0/C1 controls, DEL and bidi overrides
 * shown as escapes so that no collected text can move the cursor or recolour the screen.
 */
export function escapeTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
