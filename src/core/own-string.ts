/**
 * A copy of `text` that shares no storage with a larger string. V8 makes a substring of 13 or
 * more characters a view into its parent, so a commit id or an author name cut out of a 64 KB
 * chunk of git's output keeps the whole chunk alive for as long as it is kept: a map keyed by
 * such slices holds the whole log of a range. Copy what outlives the chunk it was read from.
 */
export function ownString(text: string): string {
  // Concatenation then slicing flattens into a new string of text's own length.
  return ` ${text}`.slice(1);
}
