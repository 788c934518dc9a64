import { round2 } from './round.js';
import { emptyStates, type CommitState, type StateCounts, type TimelineBucket, type TimelineSummary } from './types.js';

/** Ranges up to this long are shown per ISO week, longer ones per calendar month (UTC). */
export const WEEKLY_UP_TO_DAYS = 183;
const DAY = 86_400;

export interface DayBucket {
  commits: number;
  byState: StateCounts;
  changedLines: number;
  aiWeightedLines: number;
}

/** Per-day counts: small (one entry per active day), mergeable across repositories. */
export class DayBuckets {
  readonly days = new Map<number, DayBucket>();

  add(unixSeconds: number, state: CommitState, changed: number, aiWeighted: number): void {
    const day = Math.floor(unixSeconds / DAY);
    let b = this.days.get(day);
    if (!b) this.days.set(day, (b = { commits: 0, byState: emptyStates(), changedLines: 0, aiWeightedLines: 0 }));
    b.commits++;
    b.byState[state]++;
    b.changedLines += changed;
    b.aiWeightedLines += aiWeighted;
  }

  merge(other: DayBuckets): void {
    for (const [day, o] of other.days) {
      let b = this.days.get(day);
      if (!b) this.days.set(day, (b = { commits: 0, byState: emptyStates(), changedLines: 0, aiWeightedLines: 0 }));
      b.commits += o.commits;
      for (const k of Object.keys(o.byState) as CommitState[]) b.byState[k] += o.byState[k];
      b.changedLines += o.changedLines;
      b.aiWeightedLines += o.aiWeightedLines;
    }
  }

  span(): { first: number; last: number } | null {
    if (this.days.size === 0) return null;
    let first = Infinity;
    let last = -Infinity;
    for (const d of this.days.keys()) {
      if (d < first) first = d;
      if (d > last) last = d;
    }
    return { first, last };
  }
}

export function chooseGranularity(span: { first: number; last: number } | null): 'week' | 'month' {
  return span && span.last - span.first + 1 > WEEKLY_UP_TO_DAYS ? 'month' : 'week';
}

/** Monday of the ISO week holding `day` (days since the epoch, a Thursday). */
function weekStart(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
  return day - weekday;
}

function isoWeekLabel(monday: number): string {
  const thursday = new Date((monday + 3) * DAY * 1000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 1000 / DAY;
  const week = Math.floor((monday + 3 - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function monthStart(day: number): number {
  const d = new Date(day * DAY * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000 / DAY;
}

function nextMonth(day: number): number {
  const d = new Date(day * DAY * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 / DAY;
}

const isoDay = (day: number) => new Date(day * DAY * 1000).toISOString().slice(0, 10);

/**
 * Rolls days up into weeks or months, from the first bucket of `span` to the last, empty ones
 * included so that a chart's x axis is time and a quiet week shows as a gap.
 */
export function rollUp(days: DayBuckets, granularity: 'week' | 'month', span = days.span()): TimelineSummary {
  if (!span) return { granularity, buckets: [] };
  const startOf = granularity === 'week' ? weekStart : monthStart;
  const next = granularity === 'week' ? (d: number) => d + 7 : nextMonth;
  const buckets: TimelineBucket[] = [];
  const index = new Map<number, TimelineBucket>();
  for (let d = startOf(span.first); d <= span.last; d = next(d)) {
    const bucket: TimelineBucket = {
      start: isoDay(d),
      label: granularity === 'week' ? isoWeekLabel(d) : isoDay(d).slice(0, 7),
      commits: 0,
      byState: emptyStates(),
      changedLines: 0,
      aiWeightedLines: 0,
    };
    buckets.push(bucket);
    index.set(d, bucket);
  }
  for (const [day, b] of days.days) {
    const bucket = index.get(startOf(day));
    if (!bucket) continue;
    bucket.commits += b.commits;
    for (const k of Object.keys(b.byState) as CommitState[]) bucket.byState[k] += b.byState[k];
    bucket.changedLines += b.changedLines;
    bucket.aiWeightedLines += b.aiWeightedLines;
  }
  for (const b of buckets) b.aiWeightedLines = round2(b.aiWeightedLines);
  return { granularity, buckets };
}
