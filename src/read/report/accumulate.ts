import type { SensitiveMatcher } from '../../config/sensitive.js';
import { ownString } from '../../core/own-string.js';
import { AuthorCounter } from './authors.js';
import { CaptureCounter } from './capture-counter.js';
import { unavailableDetail } from '../../detail/policy.js';
import { FolderCounter, GroupCounter } from './groups.js';
import { aiWeightedLines, changedLines, stateOf, topFolder, type ReportItem } from './item.js';
import { round2 } from './round.js';
import { SensitiveCounter } from './sensitive.js';
import { SignalCounter } from './signals.js';
import { DayBuckets, rollUp } from './timeline.js';
import {
  emptyStates,
  ratio,
  VERIFY_STATUSES,
  type CommitState,
  type StateCounts,
  type Summary,
  type VerificationSummary,
  type VerifyStatus,
} from './types.js';

/** Failures listed by commit in a report; the rest are counted. */
export const LISTED_FAILURES = 20;
/** Unattested commits named in a report: a long list is summarised, never printed whole. */
export const LISTED_UNATTESTED = 5;

/**
 * Everything a report counts, updated one commit at a time and never holding a commit after
 * it is counted: memory grows with authors, tools, folders and active days, not commits.
 * Accumulators of several repositories merge into the totals.
 */
export class ReportAccumulator {
  total = 0;
  merges = 0;
  readonly byState: StateCounts = emptyStates();
  readonly linesByState: StateCounts = emptyStates();
  added = 0;
  deleted = 0;
  binaryFiles = 0;
  aiWeighted = 0;
  readonly byTool = new GroupCounter();
  readonly byModel = new GroupCounter();
  readonly byVia = new GroupCounter();
  readonly byFolder = new FolderCounter();
  readonly authors = new AuthorCounter();
  readonly sensitive = new SensitiveCounter();
  readonly days = new DayBuckets();
  readonly capture = new CaptureCounter();
  readonly signals = new SignalCounter();
  readonly verifyStatus: Record<VerifyStatus, number> = { ok: 0, carried: 0, exempt: 0, warn: 0, fail: 0 };
  readonly failures: VerificationSummary['failures'] = [];
  moreFailures = 0;
  readonly unattested: VerificationSummary['unattested'] = { commits: 0, first: [], newest: null };
  disclosedCommits = 0;
  disclosedNotAttested = 0;
  readonly disclosedByTool = new Map<string, number>();
  readonly detail = { recorded: 0, unavailable: 0 };
  checkedBy = new Set<string>();
  firstTime = Infinity;
  lastTime = -Infinity;

  constructor(private readonly matcher: SensitiveMatcher | null = null) {}

  add(item: ReportItem): void {
    const state = stateOf(item);
    const changed = changedLines(item);
    const aiW = aiWeightedLines(item);
    const claims = item.claims;
    this.total++;
    if (item.parents.length > 1) this.merges++;
    this.byState[state]++;
    this.linesByState[state] += changed;
    if (item.lines) {
      this.added += item.lines.added;
      this.deleted += item.lines.deleted;
      this.binaryFiles += item.lines.binaryFiles;
    }
    this.aiWeighted += aiW;

    const sensitiveAi = this.sensitive.add(state, claims, item.lines, this.matcher);
    if (claims && state === 'used') {
      this.byTool.add(
        claims.tools.map((t) => ({ key: t.tool, related: t.model })),
        changed,
        aiW,
        sensitiveAi,
      );
      this.byModel.add(
        claims.tools.map((t) => ({ key: t.model, related: t.tool })),
        changed,
        aiW,
        sensitiveAi,
      );
      this.byVia.add(
        claims.tools.map((t) => ({ key: t.via, related: t.tool })),
        changed,
        aiW,
        sensitiveAi,
      );
    }
    if (item.lines && item.lines.files.length) {
      const perFolder = new Map<string, number>();
      for (const f of item.lines.files) {
        if (f.binary) continue;
        const folder = topFolder(f.path);
        perFolder.set(folder, (perFolder.get(folder) ?? 0) + f.added + f.deleted);
      }
      const attested = state === 'used' || state === 'none' || state === 'undeclared';
      this.byFolder.add(perFolder, state === 'used' && claims ? claims.share : 0, attested);
    }
    const captured = claims && state === 'used' ? this.capture.add(claims) : null;
    if (claims && state === 'used') {
      if (claims.detail) this.detail.recorded++;
      else if (unavailableDetail(claims.extensions)) this.detail.unavailable++;
    }
    this.authors.add(item.authorEmail, item.authorName, state, captured);
    this.days.add(item.authorTime, state, changed, aiW);
    if (item.authorTime < this.firstTime) this.firstTime = item.authorTime;
    if (item.authorTime > this.lastTime) this.lastTime = item.authorTime;

    this.verifyStatus[item.status]++;
    if (state === 'unattested') this.addUnattested(item);
    else if (item.status === 'fail') {
      if (this.failures.length < LISTED_FAILURES)
        this.failures.push({ commit: ownString(item.commit), subject: ownString(item.subject), reasons: item.reasons.map(ownString) });
      else this.moreFailures++;
    }
    if (item.disclosed.length) {
      this.disclosedCommits++;
      if (state === 'unattested' || state === 'undeclared' || state === 'rejected') this.disclosedNotAttested++;
      for (const tool of item.disclosed) this.disclosedByTool.set(ownString(tool), (this.disclosedByTool.get(tool) ?? 0) + 1);
    }
    this.signals.add(item, state);
  }

  /** Commits are read newest first: the first unattested one is the newest. */
  private addUnattested(item: Pick<ReportItem, 'commit' | 'subject'>): void {
    const u = this.unattested;
    u.commits++;
    u.newest ??= ownString(item.commit);
    if (u.first.length < LISTED_UNATTESTED) u.first.push({ commit: ownString(item.commit), subject: ownString(item.subject) });
  }

  merge(other: ReportAccumulator): void {
    this.total += other.total;
    this.merges += other.merges;
    for (const k of Object.keys(this.byState) as CommitState[]) {
      this.byState[k] += other.byState[k];
      this.linesByState[k] += other.linesByState[k];
    }
    this.added += other.added;
    this.deleted += other.deleted;
    this.binaryFiles += other.binaryFiles;
    this.aiWeighted += other.aiWeighted;
    this.byTool.merge(other.byTool);
    this.byModel.merge(other.byModel);
    this.byVia.merge(other.byVia);
    this.byFolder.merge(other.byFolder);
    this.authors.merge(other.authors);
    this.sensitive.merge(other.sensitive);
    this.days.merge(other.days);
    this.capture.merge(other.capture);
    this.signals.merge(other.signals);
    this.detail.recorded += other.detail.recorded;
    this.detail.unavailable += other.detail.unavailable;
    for (const s of VERIFY_STATUSES) this.verifyStatus[s] += other.verifyStatus[s];
    for (const f of other.failures) {
      if (this.failures.length < LISTED_FAILURES) this.failures.push(f);
      else this.moreFailures++;
    }
    this.moreFailures += other.moreFailures;
    this.unattested.commits += other.unattested.commits;
    this.unattested.newest ??= other.unattested.newest;
    for (const u of other.unattested.first) if (this.unattested.first.length < LISTED_UNATTESTED) this.unattested.first.push(u);
    this.disclosedCommits += other.disclosedCommits;
    this.disclosedNotAttested += other.disclosedNotAttested;
    for (const [tool, n] of other.disclosedByTool) this.disclosedByTool.set(tool, (this.disclosedByTool.get(tool) ?? 0) + n);
    for (const c of other.checkedBy) this.checkedBy.add(c);
    this.firstTime = Math.min(this.firstTime, other.firstTime);
    this.lastTime = Math.max(this.lastTime, other.lastTime);
  }

  /** The finished numbers; `granularity` and `span` come from the totals so that repositories line up. */
  summary(granularity: 'week' | 'month', span = this.days.span()): Summary {
    const s = this.byState;
    const inScope = this.total - s.exempt;
    // Nothing in scope attested: the AI share is unknown, not 0 (null; report@2).
    const known = s.used + s.none + s.undeclared > 0;
    const changed = this.added + this.deleted;
    const linesInScope = changed - this.linesByState.exempt;
    const l = this.linesByState;
    return {
      commits: {
        total: this.total,
        merges: this.merges,
        byState: { ...s },
        inScope,
        aiShare: known ? ratio(s.used, inScope) : null,
        aiShareOfDeclared: ratio(s.used, s.used + s.none),
        attestationRate: ratio(s.used + s.none + s.undeclared, inScope),
        disclosed: {
          commits: this.disclosedCommits,
          notAttested: this.disclosedNotAttested,
          byTool: [...this.disclosedByTool]
            .map(([tool, commits]) => ({ tool, commits }))
            .sort((a, b) => b.commits - a.commits || a.tool.localeCompare(b.tool)),
        },
      },
      lines: {
        added: this.added,
        deleted: this.deleted,
        changed,
        binaryFiles: this.binaryFiles,
        byState: { ...l },
        inScope: linesInScope,
        aiWeighted: round2(this.aiWeighted),
        aiWeightedShare: known ? ratio(this.aiWeighted, linesInScope) : null,
        unknownShare: ratio(l.undeclared + l.unattested + l.rejected, linesInScope),
      },
      verification: {
        checkedBy: [...this.checkedBy].sort().join(', ') || 'verify',
        byStatus: { ...this.verifyStatus },
        failures: [...this.failures],
        moreFailures: this.moreFailures,
        unattested: { ...this.unattested, first: [...this.unattested.first] },
      },
      byTool: this.byTool.rows(s.used),
      byModel: this.byModel.rows(s.used),
      byVia: this.byVia.rows(s.used),
      byFolder: this.byFolder.rows(),
      authors: this.authors.summary(),
      sensitive: this.sensitive.summary(),
      timeline: rollUp(this.days, granularity, span),
      capture: this.capture.summary(this.authors.captureRows()),
      signals: this.signals.summary(),
      detail: { ...this.detail },
      period: this.total ? { from: iso(this.firstTime), to: iso(this.lastTime) } : null,
    };
  }
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
