/**
 * Trailer values must be single-line `k=v` tokens, but paths, names and model ids may hold
 * spaces, commas, '=' or newlines. Everything outside a readable safe set is percent-encoded
 * as UTF-8, so a value round-trips exactly and stays readable in `git log`.
 */
const SAFE = /[A-Za-z0-9._~/@+:\-]/;

export function pctEncode(value: string): string {
  let out = '';
  for (const ch of value) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function pctDecode(value: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `head k=v k=v` -> { head, fields }; values decoded. */
export function parseTokens(value: string): { head: string; fields: Map<string, string> } {
  const parts = value.trim().split(/\s+/);
  const fields = new Map<string, string>();
  let head = '';
  for (const [index, part] of parts.entries()) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), pctDecode(part.slice(eq + 1)));
    else if (index === 0) head = pctDecode(part);
  }
  return { head, fields };
}
