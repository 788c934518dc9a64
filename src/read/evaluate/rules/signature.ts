import type { AnswerSource } from '../../../core/model.js';
import type { VerifyFailure, VerifyResult } from '../../../crypto/types.js';
import type { RangeTrust } from '../../trust/range-changes.js';
import type { FailureResult, Relation, StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';
import { untrustedSigner } from './key-proposal.js';
import { COMMIT_TIME_SOURCES, signedBeforeParent } from './signature-time.js';

const SIGNATURE_RESULT: Record<VerifyFailure, FailureResult> = {
  malformed: 'bad-signature',
  'bad-signature': 'bad-signature',
  'unknown-key': 'unknown-key',
  expired: 'key-expired',
  revoked: 'key-revoked',
  'not-yet-valid': 'key-not-yet-valid',
};

/** The result verify reports for a signature that does not verify. */
export function signatureResult(reason: VerifyFailure): FailureResult {
  return SIGNATURE_RESULT[reason];
}

export interface SignatureFacts {
  verify: VerifyResult;
  source: StatementOrigin;
  relation: Relation | null;
  answerSource: AnswerSource;
  commit: string;
  /** The keys the range adds and the commits that only add keys, for a signer the trust revision lacks. */
  rangeTrust: Pick<RangeTrust, 'proposed' | 'onlyAddKeys'> | null;
  /** Committer dates (Unix seconds) of the commit's parents. */
  parentTimes: readonly number[];
}

/**
 * Whether a statement's signature is by a trusted key valid when it signed, and, for a statement
 * made at commit time and bound exactly, not older than the commit's parents. Pure.
 */
export function signature(f: SignatureFacts): Finding {
  const v = f.verify;
  if (!v.ok) {
    const judged = v.reason === 'unknown-key' ? untrustedSigner(v.fingerprint, f.commit, f.rangeTrust, v.detail) : null;
    return finding('signature', judged?.result ?? SIGNATURE_RESULT[v.reason], judged?.message ?? v.detail, f.source);
  }
  const backdated = f.relation === 'exact' && COMMIT_TIME_SOURCES.has(f.answerSource) ? signedBeforeParent(v.created, f.parentTimes) : null;
  if (backdated) return finding('signature', 'signed-before-parent', backdated, f.source);
  return finding(
    'signature',
    'ok',
    `signed by ${v.userIds[0] ?? '(no user id)'} (${v.fingerprint}) at ${v.created.toISOString()}`,
    f.source,
  );
}
