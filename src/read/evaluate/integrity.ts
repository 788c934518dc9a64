import type { FailureResult } from './types.js';

/**
 * Failures that make a statement's claims untrustworthy as data: it may be forged, altered,
 * made for another change or by someone other than the author, or contradicted by another
 * signed statement. Policy failures (missing, undeclared, needs-reattestation, unapproved tool,
 * under-reported sensitive file) leave the signed claims standing. One list, so that the report
 * and trace never disagree about what is known (docs/report.md).
 */
export const INTEGRITY: ReadonlySet<FailureResult> = new Set<FailureResult>([
  'malformed',
  'unsupported-version',
  'version-downgraded',
  'version-changed',
  'unsigned',
  'bad-signature',
  'unknown-key',
  'key-expired',
  'key-revoked',
  'key-not-yet-valid',
  'identity-mismatch',
  'binding-mismatch',
  'note-disagrees',
]);

/** A failing result that voids the statement's claims (see INTEGRITY). */
export function breaksIntegrity(r: { level: string; result: string }): boolean {
  return r.level === 'fail' && INTEGRITY.has(r.result as FailureResult);
}
