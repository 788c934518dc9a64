import type { IdentityOutcome } from '../relation.js';
import type { StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';

/**
 * Whether the signer may speak for the commit's author (see identityOf): a mismatch names the
 * key's emails, which the fix offers to accept. Pure.
 */
export function identity(outcome: IdentityOutcome, source: StatementOrigin): Finding {
  if (outcome.ok) return finding('identity', 'ok', outcome.message, source);
  return { ...finding('identity', 'identity-mismatch', outcome.message, source), keyEmails: outcome.keyEmails };
}
