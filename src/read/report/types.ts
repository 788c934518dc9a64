import type { SignalsSummary } from './signals-summary.js';

/**
 * The report as data: the JSON output (`ai-attest/report@2`, documented in docs/report.md) and
 * what every other format renders. Ratios are numbers in [0, 1], or null when undefined (0/0)
 * or unknown (an AI share where nothing in scope is attested: @2, 0 in @1).
 */
export const REPORT_SCHEMA = 'ai-attest/report@2';

/**
 * How a commit is counted. `used`, `none`, `undeclared`: a verified attestation says so.
 * `unattested`: no attestation at all. `rejected`: an attestation that failed verification,
 * whose claims are not counted. `exempt`: no attestation needed by policy (merges, bots).
 */
export const STATES = ['used', 'none', 'undeclared', 'unattested', 'rejected', 'exempt'] as const;
export type CommitState = (typeof STATES)[number];
export type StateCounts = Record<CommitState, number>;

export const VERIFY_STATUSES = ['ok', 'carried', 'exempt', 'warn', 'fail'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

export interface CommitSummary {
  /** Every commit in the range, merges included. */
  total: number;
  merges: number;
  byState: StateCounts;
  /** total - exempt: the commits an attestation is expected for. */
  inScope: number;
  /** used / inScope; null when no commit in scope is attested (unknown, not 0). */
  aiShare: number | null;
  /** used / (used + none): among commits that declared either way. */
  aiShareOfDeclared: number | null;
  /** (used + none + undeclared) / inScope. */
  attestationRate: number | null;
  /**
   * AI the history discloses by itself, attested or not: agent trailers (`Assisted-by:`,
   * `Co-authored-by: Claude`), agent author identities, agent footers (detect's signals). Shown
   * beside the attested figures, never mixed into them.
   */
  disclosed: DisclosedSummary;
}

export interface DisclosedSummary {
  /** Commits whose message or identities disclose an AI tool. */
  commits: number;
  /** Of those, commits with no verified attestation (unattested, undeclared, failed verification). */
  notAttested: number;
  /** Tool families, most commits first. */
  byTool: Array<{ tool: string; commits: number }>;
}

export interface LineSummary {
  added: number;
  deleted: number;
  /** added + deleted over text files, all commits in the range (merges contribute none). */
  changed: number;
  binaryFiles: number;
  byState: StateCounts;
  /** changed - byState.exempt. */
  inScope: number;
  /** Sum over `used` commits of changed lines x declared share / 100. */
  aiWeighted: number;
  /** aiWeighted / inScope; null when no commit in scope is attested (unknown, not 0). */
  aiWeightedShare: number | null;
  /** (undeclared + unattested + rejected lines) / inScope: how much is not known either way. */
  unknownShare: number | null;
}

export interface GroupRow {
  key: string;
  /** Commits that list this key (a commit with two tools counts under both). */
  commits: number;
  /** commits / used commits in the range. */
  shareOfAiCommits: number | null;
  /** Changed lines of the commits that list it. */
  changedLines: number;
  /** AI-weighted lines, a commit's split equally among its distinct keys (so rows add up). */
  aiWeightedLines: number;
  /** Commits listing it that declare AI involvement in a sensitive file. */
  sensitiveCommits: number;
  /** For models: the tools it was used through; for tools: the models. */
  related: string[];
}

export interface FolderRow {
  /** First path segment of a changed file, or "(root)" for files at the top. */
  folder: string;
  commits: number;
  changedLines: number;
  aiWeightedLines: number;
  /** aiWeightedLines / changedLines; null when no attested commit touched the folder. */
  aiWeightedShare: number | null;
}

export type TestResult =
  | {
      tested: true;
      x: number;
      n: number;
      rate: number;
      restX: number;
      restN: number;
      restRate: number;
      z: number;
      p: number;
      threshold: number;
      significant: boolean;
    }
  | { tested: false; reason: string };

export interface AuthorRow {
  email: string;
  name: string;
  commits: number;
  inScope: number;
  attested: number;
  attestationRate: number | null;
  declared: number;
  aiCommits: number;
  aiRate: number | null;
  attestationTest: TestResult;
  aiTest: TestResult;
  /** e.g. "attestation rate low", "AI rate high": significant after correction. */
  flags: string[];
}

export interface TestDescription {
  name: string;
  alternative: 'two-sided';
  alpha: number;
  correction: 'holm';
  minSample: number;
  minExpected: number;
}

export interface AuthorSummary {
  test: TestDescription;
  rows: AuthorRow[];
}

export interface SensitiveCategoryRow {
  category: string;
  /** Verified AI-involved commits declaring AI in a file of this category. */
  aiCommits: number;
  aiFiles: number;
  /** Commits declaring a file of this category as human-only. */
  humanOnlyCommits: number;
  /** Commits of unknown AI status (undeclared, unattested, rejected) changing a file the config marks. */
  unknownCommits: number;
}

export interface SensitiveFolderRow {
  folder: string;
  aiCommits: number;
  categories: string[];
}

export interface SensitiveSummary {
  aiCommits: number;
  unknownCommits: number;
  byCategory: SensitiveCategoryRow[];
  byFolder: SensitiveFolderRow[];
}

export interface VerificationSummary {
  /** Which checks ran: `verify` (signatures, bindings, policy) or `decode-only` (no keyring available). */
  checkedBy: string;
  byStatus: Record<VerifyStatus, number>;
  /** Attested commits that fail verify (an invalid attestation or a policy failure), the first LISTED_FAILURES. */
  failures: Array<{ commit: string; subject: string; reasons: string[] }>;
  /** Failures beyond the listed ones. */
  moreFailures: number;
  /**
   * In-scope commits with no attestation at all: their AI status is unknown, which verify's gate
   * fails but a report never counts as a verification failure. Counted, with the first few and
   * the newest (the adoption point to pin when they all predate ai-attest).
   */
  unattested: { commits: number; first: Array<{ commit: string; subject: string }>; newest: string | null };
}

export interface TimelineBucket {
  /** First day of the bucket, YYYY-MM-DD (UTC). */
  start: string;
  /** 2026-W05 or 2026-01. */
  label: string;
  commits: number;
  byState: StateCounts;
  changedLines: number;
  aiWeightedLines: number;
}

export interface TimelineSummary {
  granularity: 'week' | 'month';
  buckets: TimelineBucket[];
}

export interface CaptureModelRow {
  model: string;
  commits: number;
  rawLines: number;
  keptLines: number;
  /** 1 - kept / raw: the share of raw output humans changed or dropped before committing. */
  changedShare: number | null;
}

export interface CaptureAuthorRow {
  email: string;
  name: string;
  captured: number;
  unchanged: number;
  unchangedRate: number | null;
  test: TestResult;
  flagged: boolean;
}

export interface CaptureSummary {
  /** Commits with captured data; 0 means "no captured data in range". */
  commits: number;
  models: CaptureModelRow[];
  authors: CaptureAuthorRow[];
  test: TestDescription;
}

export interface Summary {
  commits: CommitSummary;
  lines: LineSummary;
  verification: VerificationSummary;
  byTool: GroupRow[];
  byModel: GroupRow[];
  byVia: GroupRow[];
  byFolder: FolderRow[];
  authors: AuthorSummary;
  sensitive: SensitiveSummary;
  timeline: TimelineSummary;
  capture: CaptureSummary;
  /** Unattested AI signals: detect's findings over the range (signals-summary.ts). */
  signals: SignalsSummary;
  /** AI-involved commits with a detail record bound, and those whose policy required one that was unavailable. */
  detail?: { recorded: number; unavailable: number };
  /** First and last author date in the range (ISO), null for an empty range. */
  period: { from: string; to: string } | null;
  /** git-ai's own attribution (its notes), when the range has any: unsigned, never added to the attested figures. */
  gitAi?: GitAiSummary;
}

export interface GitAiSummary {
  /** The notes ref read (`refs/notes/ai`). */
  source: string;
  /** Commits of the range with a git-ai note, and of those, notes that did not parse. */
  commits: number;
  unreadable: number;
  /** Lines the notes attribute to an AI and to a human. */
  aiLines: number;
  humanLines: number;
  byTool: Array<{ tool: string; model: string; commits: number; lines: number }>;
}

export interface RepoReport {
  name: string;
  summary: Summary;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  range: string[];
  repositories: RepoReport[];
  totals: Summary;
}

export function emptyStates(): StateCounts {
  return { used: 0, none: 0, undeclared: 0, unattested: 0, rejected: 0, exempt: 0 };
}

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
