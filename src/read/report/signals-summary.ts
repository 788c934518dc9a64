import type { Confidence } from '../../detect/catalog.js';
import type { FindingRule } from '../../detect/compare.js';

/**
 * The report's "unattested AI signals" (JSON `signals`): detect's message-level signals (agent
 * trailers and identities, footers, agent branches in merge subjects) and capture's record,
 * compared with each commit's verified attestation. A finding is one (commit, tool family).
 */
export interface SignalsSummary {
  /** Signals below this confidence are not counted. */
  minConfidence: Confidence;
  /** The revision of the signals catalog (`signals/ai-signals.json`). */
  signalsRevision: string;
  /** Commits with a signal at minConfidence or more, a finding or not. */
  commitsWithSignals: number;
  /** Commits with at least one finding. */
  commits: number;
  findings: number;
  byRule: Record<FindingRule, number>;
  byConfidence: Record<Confidence, number>;
  /** Per signal id, the findings it is evidence in (a finding may quote several signals), most first. */
  bySignal: Array<{ signal: string; findings: number; byRule: Record<FindingRule, number> }>;
  /** Per tool family the findings name, most first. */
  byTool: Array<{ tool: string; findings: number }>;
  /** The newest findings (by author date), at most LISTED_SIGNAL_FINDINGS. */
  listed: SignalFinding[];
  /** Commits with signals the policy exempts (merges, listed authors, before adoption): not judged. */
  exempt: number;
  /** Merges naming an agent branch whose merged tip the range does not include: not judged. */
  unresolvedMerges: number;
}

export interface SignalFinding {
  commit: string;
  subject: string;
  author: string;
  /** Author date, ISO 8601 UTC. */
  time: string;
  rule: FindingRule;
  tool: string;
  model?: string;
  confidence: Confidence;
  /**
   * How the report counts the commit whose attestation was compared: `unattested`, `undeclared`,
   * `rejected` (failed verification, its claims not trusted), `none` or `used`.
   */
  state: 'used' | 'none' | 'undeclared' | 'unattested' | 'rejected';
  /** The merged branch tip whose attestation was compared, for a merge naming an agent branch. */
  claimCommit?: string;
  /** Signal ids, strongest evidence first. */
  signals: string[];
  /** The first signal's place and quoted text (repository text: escape before printing). */
  evidence: string;
}
