/**
 * The entropy check beside secretlint's typed rules: long tokens of key-like characters whose
 * Shannon entropy is what random keys have (random base62 of 24+ characters: about 4.4 bits per
 * character and more) and ordinary words, identifiers and hex object ids do not (hex tops out at
 * 4 bits). Needs a letter and a digit, so words and long identifiers pass through.
 */
const TOKEN = /[A-Za-z0-9+/_=-]{24,}/g;
const MIN_BITS_PER_CHAR = 4.2;

export function shannonEntropy(token: string): number {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / token.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function looksRandom(token: string): boolean {
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (/^[0-9a-fA-F]+$/.test(token)) return false;
  return shannonEntropy(token) >= MIN_BITS_PER_CHAR;
}

/** [start, end) ranges of high-entropy tokens in text. */
export function highEntropyRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const match of text.matchAll(TOKEN)) {
    if (looksRandom(match[0])) out.push([match.index, match.index + match[0].length]);
  }
  return out;
}
