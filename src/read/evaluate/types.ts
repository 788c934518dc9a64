import type { AnswerSource, Predicate, ToolUse, SensitiveFile, Attester } from '../../core/model.js';

/**
 * The names verify reports. Each outcome has its own name so that a policy can set its level
 * (`policy.checks` in the config) and a script can branch on it; docs/verify.md lists them.
 */
export const CHECKS = [
  'presence',
  'schema',
  'signature',
  'identity',
  'binding',
  'note',
  'sensitive',
  'tools',
  'detail',
  'disclosure',
  'trust',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** Results that are not passes, by the check that reports them. */
export const FAILURE_RESULTS = {
  presence: ['missing', 'undeclared', 'needs-reattestation', 'unattested', 'merge-adds-changes', 'author-unverified'],
  schema: ['malformed', 'unsupported-version', 'version-downgraded', 'version-changed', 'unknown-trailer', 'unsigned-trailer'],
  signature: [
    'unsigned',
    'bad-signature',
    'unknown-key',
    'key-expired',
    'key-revoked',
    'key-not-yet-valid',
    'key-proposed',
    'signed-before-parent',
  ],
  identity: ['identity-mismatch'],
  binding: ['binding-mismatch', 'carry-unfounded'],
  note: ['note-invalid', 'note-wrong-commit', 'note-disagrees'],
  sensitive: ['sensitive-underreported'],
  tools: ['tool-unapproved'],
  detail: ['detail-unavailable', 'detail-missing', 'detail-mismatch', 'detail-recipients'],
  /** Agent disclosures typed into the message (outside the signature), against the signed answer. */
  disclosure: ['disclosure-contradicts'],
  trust: ['trust-changed'],
} as const satisfies Record<CheckName, readonly string[]>;

export type FailureResult = (typeof FAILURE_RESULTS)[CheckName][number];
/** Pass results: `ok`, plus those that say how a commit passed. */
export type PassResult = 'ok' | 'carried' | 'exempt' | 'superseded' | 'before-adoption';
export type ResultName = FailureResult | PassResult;

export type Level = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  check: CheckName;
  /** A name from FAILURE_RESULTS, or a pass result. */
  result: ResultName;
  level: Level;
  message: string;
  /** A command or edit that fixes it. */
  fix?: string;
  /** Which statement the result is about: the trailers, or a note line (1-based). */
  source?: StatementOrigin;
}

export type StatementOrigin = 'trailers' | `note:${number}`;

export type VerdictStatus = 'ok' | 'carried' | 'exempt' | 'warn' | 'fail';

/** How a statement's binding relates to the commit it sits on. */
export type Relation = 'exact' | 'carried' | 'none';

/** The statement a verdict rests on: the facts a report reads. */
export interface UsedStatement {
  origin: StatementOrigin;
  source: AnswerSource;
  ai: Predicate['ai'];
  tools: ToolUse[];
  share: number;
  sensitive: SensitiveFile[];
  attester: Attester;
  time: string;
  relation: Relation;
  /** For `carry` statements: the commits whose attestations were carried. */
  carriedFrom?: string[];
  detail?: { sha256: string };
  /** Namespaced extra data (captured sessions, carry and re-attestation records), as signed. */
  extensions: Record<string, unknown>;
}

/** One statement found on a commit, as `show` prints it. */
export interface CandidateReport {
  origin: StatementOrigin;
  /** The note line is byte-for-byte the statement the trailers carry. */
  sameAsTrailers: boolean;
  used: boolean;
  predicate: Predicate | null;
  /** What is wrong with it before any signature is checked, if anything. */
  problem: { result: FailureResult; message: string } | null;
  signature:
    | { ok: true; fingerprint: string; userIds: string[]; created: string }
    | { ok: false; result: FailureResult; message: string; fingerprint?: string }
    | null;
  relation: Relation | null;
  identity: { ok: boolean; message: string } | null;
}

export interface CommitVerdict {
  commit: string;
  status: VerdictStatus;
  /** Every check's outcome (passes included), in a stable order. */
  results: CheckResult[];
  statement: UsedStatement | null;
  /** Only with `detail: true` (show): every statement found on the commit. */
  candidates?: CandidateReport[];
}

/**
 * Failure results that only warn unless the policy says otherwise: a reviewer should look, nothing
 * proves a forgery. detail-unavailable, detail-missing: a detail record not (yet) at hand; detail-recipients: a record
 * sealed to a key the trust revision does not name (a disclosure to look into, not a forgery); unattested: a repository
 * that never set ai-attest up; key-proposed: a commit
 * proposing its signer's own key, awaiting approval; trust-changed: a range that changes the
 * policy or keyring (reported, never applied).
 */
const WARN_BY_DEFAULT: ReadonlySet<FailureResult> = new Set<FailureResult>([
  'unknown-trailer',
  'detail-unavailable',
  'detail-missing',
  'detail-recipients',
  'unattested',
  'key-proposed',
  'trust-changed',
]);

/** Default level of each failure result; `policy.checks` overrides by result or check name. */
export function defaultLevel(result: FailureResult): 'fail' | 'warn' {
  return WARN_BY_DEFAULT.has(result) ? 'warn' : 'fail';
}
