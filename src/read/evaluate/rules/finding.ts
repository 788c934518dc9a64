import type { Candidate } from '../candidates.js';
import type { IdentityOutcome } from '../relation.js';
import { FAILURE_RESULTS, type CheckName, type FailureResult, type Relation, type ResultName, type StatementOrigin } from '../types.js';

/**
 * What a rule finds: one check's outcome, before the policy gives it a level. As in commitlint,
 * a rule only says what holds; the caller (finalize) applies the severity, so that every rule is
 * a pure function of its facts and `policy.checks` is read in one place.
 */
export interface Finding {
  check: CheckName;
  result: ResultName;
  message: string;
  source?: StatementOrigin;
  /** identity-mismatch: the emails of the signing key, which the fix offers to accept. */
  keyEmails?: string[];
}

/** One statement of a commit with what its checks need: valid alone, how it binds, whose it is. */
export interface Judged {
  c: Candidate;
  valid: boolean;
  relation: Relation | null;
  identity: IdentityOutcome | null;
  namesCommit: boolean;
}

const FAILURES: ReadonlySet<string> = new Set(Object.values(FAILURE_RESULTS).flat());

/** A result the policy levels (warn or fail, or off); every other result is a pass. */
export function isFailure(result: ResultName): result is FailureResult {
  return FAILURES.has(result);
}

/** A finding, with the statement it is about when there is one. */
export function finding(check: CheckName, result: ResultName, message: string, source?: StatementOrigin): Finding {
  return source ? { check, result, message, source } : { check, result, message };
}
