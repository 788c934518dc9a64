import type { TestDescription } from '../../read/report/types.js';

export const DASHBOARD_SCHEMA = 'ai-attest/dashboard@2';

/**
 * Commit counts by state over some set of commits; ratios are in [0, 1] or null (0/0, or an AI
 * share where nothing in scope is attested: unknown, not 0; dashboard@2, as report@2).
 */
export interface StateTotals {
  commits: number;
  /** commits - exempt. */
  inScope: number;
  used: number;
  none: number;
  undeclared: number;
  unattested: number;
  rejected: number;
  exempt: number;
  /** used / inScope: "what share of the commits involved AI"; null when none in scope is attested. */
  aiShare: number | null;
  /** (used + none + undeclared) / inScope. */
  attestationRate: number | null;
  /** (unattested + rejected + undeclared) / inScope: not known either way. */
  unknownShare: number | null;
}

export interface TimelineRow extends StateTotals {
  period: string;
}

export interface RepositoryRow extends StateTotals {
  name: string;
  /** Commits with an AI signal (an agent's trailer or identity) their attestation does not account for (detect). */
  unattestedSignals: number;
}

export interface SensitiveRow {
  name: string;
  inScope: number;
  aiCommits: number;
  /** AI commits where AI touched a sensitive file. */
  aiSensitiveCommits: number;
  /** aiSensitiveCommits / inScope: the rate of AI changes in sensitive paths. */
  rate: number | null;
  /** aiSensitiveCommits / aiCommits. */
  shareOfAi: number | null;
  aiSensitiveFiles: number;
}

export interface DeveloperRow {
  email: string;
  name: string;
  repositories: number;
  /** The metric's successes and trials for this developer, and for everyone else. */
  x: number;
  n: number;
  rate: number | null;
  restRate: number | null;
  z: number | null;
  p: number | null;
  /** Significant after Holm's correction over every developer tested for this metric. */
  flagged: boolean;
  /** Why the developer was not tested (too few commits), or ''. */
  untested: string;
}

export interface DeveloperMetric {
  id: 'ai-declared' | 'attested';
  title: string;
  /** What x and n count. */
  definition: string;
  test: TestDescription;
  tested: number;
  flagged: DeveloperRow[];
  /** The developers furthest from their peers, flagged or not (for context), at most 20. */
  top: DeveloperRow[];
}

export interface ReworkRow {
  model: string;
  commits: number;
  rawLines: number;
  keptLines: number;
  /** 1 - kept / raw: share of the model's output that humans changed or dropped. */
  reworkedShare: number | null;
}

export interface Dashboard {
  schema: typeof DASHBOARD_SCHEMA;
  generatedAt: string;
  storeSchemaVersion: number;
  period: { label: string; from: string; to: string } | null;
  totals: StateTotals & { repositories: number; unattestedSignals: number };
  timeline: { granularity: 'month' | 'quarter'; rows: TimelineRow[] };
  /** Q1: share of AI commits, per repository (ordered by name). */
  repositories: RepositoryRow[];
  /** Q2: repositories by rate of AI changes in sensitive paths, highest first. */
  sensitive: SensitiveRow[];
  /** Q3: developers who attest unlike their peers. */
  developers: DeveloperMetric[];
  /** Q4: model versions by share of output reworked, most first (models with enough captured lines). */
  rework: { minRawLines: number; rows: ReworkRow[]; capturedCommits: number };
}
