/**
 * The shapes an answer's values take, checked wherever answers come in (prompt, environment,
 * flags, events, trailers, statements) so that all of them accept the same values.
 */

/** A tool's registry id: it is written into trailers and matched against the registry. */
export const TOOL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A share of a change in percent: a whole number from 0 to 100. */
export function isShare(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
}

/** The share a text gives in plain digits (`40`), or null: no sign, fraction or value above 100. */
export function parseShareText(text: string): number | null {
  if (!/^\d{1,3}$/.test(text)) return null;
  const share = Number(text);
  return share <= 100 ? share : null;
}
