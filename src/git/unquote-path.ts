const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Undoes git's C-style path quoting (quote.c's quote_c_style): git quotes a path holding control
 * characters, '"' or '\' (and, unless core.quotePath=false, any non-ASCII byte) in double quotes
 * with backslash and octal escapes of the UTF-8 bytes. Unquoted text is returned as is.
 */
export function unquotePath(text: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return text;
  const parts: Buffer[] = [];
  // Literal runs are kept whole so that characters outside the BMP stay intact.
  for (const [, literal, octal, escape] of text.slice(1, -1).matchAll(/([^\\]+)|\\([0-7]{3})|\\(.)/gs)) {
    if (literal !== undefined) parts.push(Buffer.from(literal, 'utf8'));
    else if (octal !== undefined) parts.push(Buffer.from([parseInt(octal, 8)]));
    else parts.push(Buffer.from([ESCAPES[escape!] ?? escape!.charCodeAt(0)]));
  }
  return Buffer.concat(parts).toString('utf8');
}
