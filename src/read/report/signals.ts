import { signalsOfCapturedEvents } from '../../detect/captured.js';
import { CONFIDENCES, defaultCatalog, type CapturedEventSignal, type Catalog, type Confidence } from '../../detect/catalog.js';
import { ABSENT, claimFrom, type Claim } from '../../detect/claim.js';
import { commitSignals } from '../../detect/commit.js';
import { FINDING_RULES, judge, type FindingRule, type Judgement } from '../../detect/compare.js';
import { atLeast, toolsOfHits } from '../../detect/disclosed.js';
import type { CommitFacts, SignalHit } from '../../detect/match.js';
import type { ReportItem } from './item.js';
import type { SignalFinding, SignalsSummary } from './signals-summary.js';
import type { CommitState } from './types.js';

type JudgedState = Exclude<CommitState, 'exempt'>;

/** Signals a report counts: `low` is the automation-account signal and content heuristics, too noisy for a summary. */
export const REPORT_SIGNAL_MIN: Confidence = 'medium';
/** Findings named in a report: the rest are counted (`ai-attest detect` lists them all). */
export const LISTED_SIGNAL_FINDINGS = 10;

/**
 * What a report item carries of detect's matcher, from the record the report already read: the
 * tool families the commit discloses (attested or not) and the signals to judge against its
 * attestation (absent when none, which is almost every commit).
 */
export function itemSignals(record: CommitFacts, catalog: Catalog = defaultCatalog()): Pick<ReportItem, 'disclosed' | 'signals'> {
  const { judged, ownCopy } = commitSignals(record, REPORT_SIGNAL_MIN, catalog);
  if (!judged.length && !ownCopy.length) return { disclosed: [] };
  return {
    disclosed: [...toolsOfHits(ownCopy.length ? [...judged, ...ownCopy] : judged).keys()],
    ...(judged.length ? { signals: judged } : {}),
  };
}

type Counts<K extends string> = Record<K, number>;
const zeroRules = (): Counts<FindingRule> => ({ unattested: 0, 'attested-none': 0, 'other-tool': 0, 'other-model': 0 });
const zeroConfidences = (): Counts<Confidence> => ({ low: 0, medium: 0, high: 0 });

/** A merge naming an agent branch, waiting for the merged tip's attestation further down the stream. */
interface Waiting {
  item: ReportItem;
  hits: SignalHit[];
  /** The merge had findings of its own: it is already counted among commits with findings. */
  counted: boolean;
}

/**
 * The "unattested AI signals" of a report, one commit at a time: each commit's signals judged by
 * detect's rules against its verified claims (a commit whose attestation fails verification
 * counts as unattested, as its claims do not count). Memory: the counts, the newest few findings,
 * and the merges whose branch tip is still to come.
 */
export class SignalCounter {
  private commitsWithSignals = 0;
  private commits = 0;
  private findings = 0;
  private readonly byRule = zeroRules();
  private readonly byConfidence = zeroConfidences();
  private readonly bySignal = new Map<string, Counts<FindingRule>>();
  private readonly byTool = new Map<string, number>();
  private listed: SignalFinding[] = [];
  private exempt = 0;
  private unresolved = 0;
  private readonly waits = new Map<string, Waiting[]>();
  private readonly captured: CapturedEventSignal | undefined;

  constructor(private readonly catalog: Catalog = defaultCatalog()) {
    this.captured = catalog.signals.find(
      (s): s is CapturedEventSignal => s.kind === 'captured-event' && atLeast(s.confidence, REPORT_SIGNAL_MIN),
    );
  }

  add(item: ReportItem, state: CommitState): void {
    const claim = item.claims ? claimFrom(item.claims) : ABSENT;
    const waiting = this.waits.get(item.commit);
    if (waiting) {
      this.waits.delete(item.commit);
      for (const w of waiting) {
        if (state === 'exempt') this.exempt++;
        else this.record(w.item, this.judged(w.hits, claim), state, item.commit, w.counted);
      }
    }
    const hits = [...(item.signals ?? [])];
    if (this.captured && claim.captured)
      hits.push(...signalsOfCapturedEvents(claim.captured, this.captured.id, this.captured.confidence, this.catalog));
    if (!hits.length) return;
    this.commitsWithSignals++;
    const merge = hits.filter((h) => h.kind === 'merge-branch');
    const own = merge.length ? hits.filter((h) => h.kind !== 'merge-branch') : hits;
    let counted = false;
    if (own.length) {
      if (state === 'exempt') this.exempt++;
      else counted = this.record(item, this.judged(own, claim), state, item.commit, false);
    }
    if (!merge.length) return;
    const tip = item.parents[1];
    // A merge that declares either way, or a squash (one parent), answers for itself; a plain
    // merge is exempt from attesting and is judged by the attestation of the branch it merged.
    if (!tip || claim.ai === 'used' || claim.ai === 'none') {
      if (state === 'exempt' && !own.length) this.exempt++;
      else if (state !== 'exempt') this.record(item, this.judged(merge, claim), state, item.commit, counted);
      return;
    }
    (this.waits.get(tip) ?? this.waits.set(tip, []).get(tip)!).push({ item, hits: merge, counted });
  }

  private judged(hits: readonly SignalHit[], claim: Claim): Judgement[] {
    return judge(hits, claim, this.catalog).filter((j) => atLeast(j.confidence, REPORT_SIGNAL_MIN));
  }

  /** Counts one commit's findings; true when it had any. */
  private record(item: ReportItem, judgements: readonly Judgement[], state: JudgedState, claimCommit: string, counted: boolean): boolean {
    if (!judgements.length) return false;
    if (!counted) this.commits++;
    for (const j of judgements) {
      this.findings++;
      this.byRule[j.rule]++;
      this.byConfidence[j.confidence]++;
      this.byTool.set(j.tool, (this.byTool.get(j.tool) ?? 0) + 1);
      for (const id of new Set(j.signals.map((h) => h.signal))) {
        const row = this.bySignal.get(id) ?? this.bySignal.set(id, zeroRules()).get(id)!;
        row[j.rule]++;
      }
      this.list(toFinding(item, j, state, claimCommit));
    }
    return true;
  }

  /** Keeps the newest findings (author date, then commit id), at most LISTED_SIGNAL_FINDINGS. */
  private list(f: SignalFinding): void {
    const l = this.listed;
    if (l.length >= LISTED_SIGNAL_FINDINGS && newer(l[l.length - 1]!, f)) return;
    let i = l.length;
    while (i > 0 && newer(f, l[i - 1]!)) i--;
    l.splice(i, 0, f);
    if (l.length > LISTED_SIGNAL_FINDINGS) l.pop();
  }

  merge(other: SignalCounter): void {
    this.commitsWithSignals += other.commitsWithSignals;
    this.commits += other.commits;
    this.findings += other.findings;
    for (const r of FINDING_RULES) this.byRule[r] += other.byRule[r];
    for (const c of CONFIDENCES) this.byConfidence[c] += other.byConfidence[c];
    for (const [id, row] of other.bySignal) {
      const mine = this.bySignal.get(id) ?? this.bySignal.set(id, zeroRules()).get(id)!;
      for (const r of FINDING_RULES) mine[r] += row[r];
    }
    for (const [tool, n] of other.byTool) this.byTool.set(tool, (this.byTool.get(tool) ?? 0) + n);
    for (const f of other.listed) this.list(f);
    this.exempt += other.exempt;
    this.unresolved += other.unresolved + other.waitingMerges();
  }

  private waitingMerges(): number {
    let n = 0;
    for (const w of this.waits.values()) n += w.length;
    return n;
  }

  summary(): SignalsSummary {
    const sum = (row: Counts<FindingRule>) => FINDING_RULES.reduce((n, r) => n + row[r], 0);
    return {
      minConfidence: REPORT_SIGNAL_MIN,
      signalsRevision: this.catalog.revision,
      commitsWithSignals: this.commitsWithSignals,
      commits: this.commits,
      findings: this.findings,
      byRule: { ...this.byRule },
      byConfidence: { ...this.byConfidence },
      bySignal: [...this.bySignal]
        .map(([signal, byRule]) => ({ signal, findings: sum(byRule), byRule: { ...byRule } }))
        .sort((a, b) => b.findings - a.findings || a.signal.localeCompare(b.signal)),
      byTool: [...this.byTool]
        .map(([tool, findings]) => ({ tool, findings }))
        .sort((a, b) => b.findings - a.findings || a.tool.localeCompare(b.tool)),
      listed: [...this.listed],
      exempt: this.exempt,
      unresolvedMerges: this.unresolved + this.waitingMerges(),
    };
  }
}

function newer(a: SignalFinding, b: SignalFinding): boolean {
  return a.time > b.time || (a.time === b.time && a.commit < b.commit);
}

function toFinding(item: ReportItem, j: Judgement, state: JudgedState, claimCommit: string): SignalFinding {
  const strongest = [...j.signals].sort((a, b) => CONFIDENCES.indexOf(b.confidence) - CONFIDENCES.indexOf(a.confidence));
  const first = strongest[0]!;
  return {
    commit: item.commit,
    subject: item.subject,
    author: item.authorName,
    time: new Date(item.authorTime * 1000).toISOString().replace('.000Z', 'Z'),
    rule: j.rule,
    tool: j.tool,
    ...(j.model ? { model: j.model } : {}),
    confidence: j.confidence,
    state,
    ...(claimCommit !== item.commit ? { claimCommit } : {}),
    signals: [...new Set(strongest.map((h) => h.signal))],
    evidence: `${first.where}: ${first.evidence}`,
  };
}
