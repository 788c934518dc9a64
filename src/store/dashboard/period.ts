import { AttestError } from '../../errors.js';

/** A half-open interval of committer time [from, to), in UTC. */
export interface Period {
  label: string;
  from: string;
  to: string;
  /** The timeline's unit inside the period. */
  granularity: 'month' | 'quarter';
}

const iso = (y: number, m: number) => new Date(Date.UTC(y, m, 1)).toISOString();

/** `2026`, `2026-Q3`, `2026-09`; null (every commit, by quarter) when not given. */
export function parsePeriod(text: string | undefined): Period | null {
  if (text === undefined || text === 'all') return null;
  let m = /^(\d{4})$/.exec(text);
  if (m) return { label: text, from: iso(+m[1]!, 0), to: iso(+m[1]! + 1, 0), granularity: 'month' };
  m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) {
    const start = (+m[2]! - 1) * 3;
    return { label: `${m[1]}-Q${m[2]}`, from: iso(+m[1]!, start), to: iso(+m[1]!, start + 3), granularity: 'month' };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) return { label: text, from: iso(+m[1]!, +m[2]! - 1), to: iso(+m[1]!, +m[2]!), granularity: 'month' };
  throw new AttestError(`--period "${text}" is not a period: use a year (2026), a quarter (2026-Q3), a month (2026-09) or all.`);
}
