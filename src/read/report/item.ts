import type { Predicate } from '../../core/model.js';
import type { SignalHit } from '../../detect/match.js';
import type { CommitRecord } from '../../git/log.js';
import type { CommitLines } from '../../git/numstat.js';
import type { CommitState, VerifyStatus } from './types.js';

/** The facts of a verified statement that a report counts. */
export type Claims = Pick<Predicate, 'ai' | 'tools' | 'share' | 'sensitive' | 'extensions' | 'attester' | 'time' | 'source' | 'detail'>;

/** One commit as the report counts it: identity, verify's verdict, the claims it may count, lines. */
export interface ReportItem
  extends Pick<
    CommitRecord,
    'commit' | 'parents' | 'authorName' | 'authorEmail' | 'authorTime' | 'committerName' | 'committerEmail' | 'committerTime'
  > {
  subject: string;
  status: VerifyStatus;
  /** Why verify warned or failed, one line each. */
  reasons: string[];
  /** An attestation (trailers or note) was found, valid or not. */
  attested: boolean;
  /** The predicate the report may count: null when absent or when verification rejected it. */
  claims: Claims | null;
  /** null when line counts were not read (export without lines). */
  lines: CommitLines | null;
  /** AI tool families the commit's own text and identities disclose (detect's signals). */
  disclosed: string[];
  /** detect's signals to judge against the attestation (signals.ts); absent when none. */
  signals?: SignalHit[];
}

export function stateOf(item: Pick<ReportItem, 'attested' | 'claims' | 'status'>): CommitState {
  // An undeclared statement on a commit the policy exempts (a merge) asks nothing of anyone.
  if (item.claims) return item.claims.ai === 'undeclared' && item.status === 'exempt' ? 'exempt' : item.claims.ai;
  if (item.attested) return 'rejected';
  return item.status === 'exempt' ? 'exempt' : 'unattested';
}

export function changedLines(item: Pick<ReportItem, 'lines'>): number {
  return item.lines ? item.lines.added + item.lines.deleted : 0;
}

/** Changed lines x declared share, for commits whose verified claims say AI was used. */
export function aiWeightedLines(item: Pick<ReportItem, 'lines' | 'claims'>): number {
  return item.claims?.ai === 'used' ? (changedLines(item) * item.claims.share) / 100 : 0;
}

/** First path segment, the unit of "by folder" tables. */
export function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '(root)' : path.slice(0, slash);
}
