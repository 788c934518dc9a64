import type { AnswerSource, Attester, SensitiveFile, ToolUse } from '../../core/model.js';
import type { CheckName, Level, Relation, ResultName, StatementOrigin, VerdictStatus } from '../evaluate.js';
import type { RangeHunk } from '../../git/line-log.js';

/** The JSON a trace prints with --json; docs/trace.md is its reference. Fields are only ever added. */
export const TRACE_SCHEMA = 'ai-attest/trace@1';

export interface TraceRequest {
  /** As given: relative to the current directory. */
  file: string;
  /** -L values as given (`a,b`, `a,+n`, `:funcname`), passed through to git. */
  specs: string[];
  rev: string;
  /** Follow the lines' history across renames of the file (git log -M). */
  follow: boolean;
  /** The lines view alone (one git blame): no history of the lines (no git log -L). */
  linesOnly?: boolean;
}

/** `unattested`: neither trailers nor a note (or nothing that could be read as an attestation). */
export type TraceAi = 'used' | 'none' | 'undeclared' | 'unattested';

export interface AttestationView {
  ai: TraceAi;
  /**
   * True when the statement's signature, signer and binding hold: the fields below are facts.
   * False: they are what the commit claims (or nothing), and must not be taken as fact.
   */
  verified: boolean;
  tools: ToolUse[];
  /** Approximate AI share of the whole commit, 0-100; null when nothing was attested. */
  share: number | null;
  sensitive: SensitiveFile[];
  /** The accountable human whose key signed the statement. */
  attester: Attester | null;
  /** When the statement was signed (ISO 8601). */
  time: string | null;
  source: AnswerSource | null;
  /** Where the statement was read: the trailers or a note line. */
  origin: StatementOrigin | null;
  /** `carried`: signed for an earlier form of this change (rebase, cherry-pick) with the same patch-id. */
  relation: Relation | null;
  carriedFrom: string[];
  /** The detail-tier record (prompts, outputs): whether one is bound, and its digest. */
  detail: { recorded: boolean; sha256: string | null };
}

export interface VerificationView {
  status: VerdictStatus;
  /** Results that are not passes, with the fix where verify knows one. */
  problems: Array<{ check: CheckName; result: ResultName; level: Level; message: string; fix?: string }>;
}

export interface Person {
  name: string;
  email: string;
  /** ISO 8601, UTC. */
  time: string;
}

export interface TracedCommit {
  commit: string;
  parents: string[];
  author: Person;
  committer: Person;
  subject: string;
  attestation: AttestationView;
  verification: VerificationView;
}

/** Consecutive current lines last changed by one commit. */
export interface BlameRange {
  start: number;
  end: number;
  commit: string;
  /** The path and first line number in that commit. */
  path: string;
  originalStart: number;
  text: string[];
}

export interface HistoryEntry {
  commit: string;
  /** The file's path after the commit (null: a merge with no change of its own to these lines). */
  path: string | null;
  previousPath: string | null;
  created: boolean;
  hunks: RangeHunk[];
  /** The diff of the range, only with --patch. */
  patch?: string[];
}

export interface LineSummary {
  lines: number;
  /** Lines by what their commit's verified attestation says; `unverified`: it claims something that does not verify. */
  byAi: Record<TraceAi | 'unverified', number>;
  byStatus: Record<VerdictStatus, number>;
  /** Lines per tool and exact model, from verified attestations only. */
  models: Array<{ tool: string; model: string; via: string; lines: number }>;
}

export interface TraceResult {
  schema: typeof TRACE_SCHEMA;
  file: string;
  /** Repository-relative path at the traced revision. */
  path: string;
  rev: string;
  commit: string;
  ranges: string[];
  follow: boolean;
  /** True with --no-history: `history` was not read (it is empty), only the lines view. */
  linesOnly: boolean;
  lines: BlameRange[];
  history: HistoryEntry[];
  /** Every commit named in lines or history, by id. */
  commits: Record<string, TracedCommit>;
  summary: LineSummary;
  /** Things the reader should know, e.g. that history stops at a rename without --follow. */
  notes: string[];
}
