import type { CheckResult, VerdictStatus } from '../evaluate/types.js';
import type { VerifiedCommit, VerifySummary } from './verify.js';

/** Commits listed per result; a longer list (a whole unattested history) is counted, not printed. */
export const LISTED_PER_RESULT = 10;

export interface ListedResult {
  commit: VerifiedCommit;
  result: CheckResult;
}

/** The failures (or warnings) of one result over a range, as text and annotations show them. */
export interface ResultGroup {
  level: 'fail' | 'warn';
  /** The result's name (`missing`, `unattested`, ...). */
  name: string;
  /** Results of this level and name in the range (a commit with two counts twice). */
  count: number;
  /** The first LISTED_PER_RESULT of them, in the range's order. */
  listed: ListedResult[];
  /**
   * The message and fix every one of them has (the commit's own id in a fix read as REV), said
   * once; null when they differ, or for a single one.
   */
  shared: { message: string; fix?: string } | null;
}

/** Where a result sits in the range: its commit's position, then its own among the commit's results. */
type Position = [commit: number, result: number];

interface OpenGroup {
  level: 'fail' | 'warn';
  name: string;
  first: Position;
  count: number;
  listed: Array<ListedResult & { at: Position }>;
  /** The words of the first result folded in, and whether every one since had the same. */
  words: { message: string; source: string | undefined; fix: string | undefined };
  same: boolean;
}

/**
 * What verify's text and annotations show of a range, gathered commit by commit: the counts, and
 * per result its count, its first few commits and whether they all say the same. A commit that
 * passes with nothing to show is only counted; one with failures or warnings is folded in and
 * let go, unless its verdict may still change: a statement (the detail check runs after the
 * range) or a missing attestation (whose fix may come to name `ai-attest sync`). Those are held
 * and folded in when the groups are first read. So an outcome of 80,000 commits holds a few
 * dozen, and says what the whole list said (test/verify-shown.test.ts compares the two).
 */
export class ShownResults {
  /** Commits whose verdict may still change, in the range's order; folded in by groups(). */
  readonly held: VerifiedCommit[] = [];
  private readonly heldAt: number[] = [];
  private readonly open = new Map<string, OpenGroup>();
  private readonly counts = noCounts();
  private folded: ResultGroup[] | null = null;

  /** Every commit of a list, in order (an outcome that kept them). */
  static of(commits: readonly VerifiedCommit[]): ShownResults {
    const shown = new ShownResults();
    for (const c of commits) shown.fold(c, shown.counts.commits++);
    return shown;
  }

  /** A commit that passes with no failure or warning and rests on no statement: only counted. */
  count(status: VerdictStatus, cached: boolean): void {
    this.counts.commits++;
    this.counts[status]++;
    if (cached) this.counts.cached++;
  }

  /** The next commit of the range. */
  add(commit: VerifiedCommit): void {
    const at = this.counts.commits++;
    if (commit.statement || commit.results.some((r) => r.result === 'missing')) {
      this.held.push(commit);
      this.heldAt.push(at);
    } else this.fold(commit, at);
  }

  /** The counts, with the held commits as they are now. */
  summary(): VerifySummary {
    const summary = { ...this.counts, passed: true };
    for (const c of this.held) tally(summary, c);
    summary.passed = summary.fail === 0;
    return summary;
  }

  /** Failures first, then warnings; each level's results in the order the range first has them. */
  groups(): ResultGroup[] {
    if (!this.folded) {
      this.held.forEach((c, i) => this.fold(c, this.heldAt[i]!, false));
      const rank = (g: OpenGroup) => (g.level === 'fail' ? 0 : 1);
      this.folded = [...this.open.values()]
        .sort((a, b) => rank(a) - rank(b) || before(a.first, b.first))
        .map((g) => ({
          level: g.level,
          name: g.name,
          count: g.count,
          listed: g.listed.map(({ commit, result }) => ({ commit, result })),
          shared: g.count > 1 && g.same ? sharedWords(g.words) : null,
        }));
    }
    return this.folded;
  }

  private fold(commit: VerifiedCommit, at: number, count = true): void {
    if (count) tally(this.counts, commit);
    commit.results.forEach((result, i) => {
      if (result.level === 'pass') return;
      const level = result.level;
      const key = `${level} ${result.result}`;
      const words = wordsOf(commit, result);
      const position: Position = [at, i];
      let group = this.open.get(key);
      if (!group) {
        group = { level, name: result.result, first: position, count: 0, listed: [], words, same: true };
        this.open.set(key, group);
      } else if (group.same && !sameWords(group.words, words)) group.same = false;
      group.count++;
      if (before(position, group.first) < 0) group.first = position;
      listIn(group.listed, { commit, result, at: position });
    });
  }
}

/** Keeps the first LISTED_PER_RESULT by position (held commits come in late, from anywhere). */
function listIn(listed: Array<ListedResult & { at: Position }>, entry: ListedResult & { at: Position }): void {
  if (listed.length === LISTED_PER_RESULT && before(entry.at, listed[listed.length - 1]!.at) > 0) return;
  let i = listed.length;
  while (i > 0 && before(entry.at, listed[i - 1]!.at) < 0) i--;
  listed.splice(i, 0, entry);
  if (listed.length > LISTED_PER_RESULT) listed.pop();
}

function before(a: Position, b: Position): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** The counts of a list of commits, as ShownResults gives them for the same list. */
export function summaryOf(commits: readonly VerifiedCommit[]): VerifySummary {
  const summary = { ...noCounts(), commits: commits.length, passed: true };
  for (const c of commits) tally(summary, c);
  summary.passed = summary.fail === 0;
  return summary;
}

function noCounts(): Omit<VerifySummary, 'passed'> {
  return { commits: 0, ok: 0, carried: 0, exempt: 0, warn: 0, fail: 0, cached: 0, unattested: 0 };
}

function tally(counts: Omit<VerifySummary, 'passed'>, c: VerifiedCommit): void {
  counts[c.status]++;
  if (c.cached) counts.cached++;
  if (c.results.some((r) => r.result === 'unattested')) counts.unattested++;
}

function wordsOf(commit: VerifiedCommit, result: CheckResult): OpenGroup['words'] {
  const short = commit.commit.slice(0, 12);
  const fix = result.fix?.includes(short) ? result.fix.split(short).join('REV') : result.fix;
  return { message: result.message, source: result.source, fix };
}

function sameWords(a: OpenGroup['words'], b: OpenGroup['words']): boolean {
  return a.message === b.message && a.source === b.source && a.fix === b.fix;
}

function sharedWords({ message, source, fix }: OpenGroup['words']): { message: string; fix?: string } {
  const where = source && source !== 'trailers' ? `${source.replace(':', ' line ')}: ` : '';
  return { message: `${where}${message}`, ...(fix ? { fix: fix.includes('REV') ? `${fix}   (REV: each commit below)` : fix } : {}) };
}
