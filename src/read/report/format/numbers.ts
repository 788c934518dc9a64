/** Display formatting shared by the table, Markdown and HTML renderers (JSON and CSV stay raw). */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A count with its noun: "1 commit", "1,204 commits". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${int(n)} ${Math.round(n) === 1 ? noun : plural}`;
}

export function pct(r: number | null, digits = 1): string {
  return r === null ? 'n/a' : `${(r * 100).toFixed(digits)}%`;
}

/** An AI share: null over a non-empty whole means nothing there is attested, so it is unknown, not n/a. */
export function aiPct(r: number | null, whole: number): string {
  return r === null && whole > 0 ? 'unknown' : pct(r);
}

export function pValue(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : p.toFixed(4);
}

export function zValue(z: number): string {
  return (z >= 0 ? '+' : '') + z.toFixed(2);
}

export function fraction(x: number, n: number): string {
  return `${int(x)}/${int(n)}`;
}

export const STATE_LABELS = {
  used: 'AI involved',
  none: 'attested no AI',
  undeclared: 'undeclared',
  unattested: 'unattested',
  rejected: 'failed verification',
  exempt: 'exempt by policy',
} as const;
