import { describeDeclaration } from '../../../core/declaration.js';
import { needsReattestation } from '../../../core/marker.js';
import type { Predicate } from '../../../core/model.js';
import type { Exemption } from '../exempt.js';
import type { StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';

export interface PresenceFacts {
  /** The commit has statements at all (trailers or note lines), valid or not. */
  hasStatements: boolean;
  /** The statement the verdict rests on, if one is valid and binds this change. */
  chosen: { predicate: Predicate; origin: StatementOrigin } | null;
  exemption: Exemption | null;
  /** ai-attest is set up at the trusted revision. */
  adopted: boolean;
  /** The trusted revision, as the user knows it. */
  trust: string;
}

/**
 * Whether the commit carries the declaration it needs: a declared statement, or an exemption that
 * holds. A rewrite that could not carry the answers says why (its marker): that is what the
 * fixer needs. Null when statements exist but none is usable and nothing exempts the commit:
 * the statement checks say what is wrong with them. Pure.
 */
export function presence(facts: PresenceFacts): Finding | null {
  const { chosen, exemption } = facts;
  const exempt = exemption?.exempt ? exemption : null;
  if (!facts.hasStatements) {
    if (exempt) return finding('presence', exempt.result, `no attestation needed: ${exempt.reason}`);
    if (!facts.adopted) return finding('presence', 'unattested', unattestedMessage(facts.trust));
    if (exemption && !exemption.exempt) return finding('presence', exemption.result, `no attestation, and no exemption: ${exemption.why}`);
    return finding('presence', 'missing', 'no attestation: no Ai-Attest trailers and no note');
  }
  if (chosen) {
    if (chosen.predicate.ai !== 'undeclared') return finding('presence', 'ok', describeDeclaration(chosen.predicate), chosen.origin);
    if (exempt) return finding('presence', exempt.result, `undeclared, but no attestation is needed: ${exempt.reason}`);
    const marker = needsReattestation(chosen.predicate);
    if (marker) return finding('presence', 'needs-reattestation', `needs re-attestation: ${marker.reason}`, chosen.origin);
    return finding('presence', 'undeclared', 'committed without answers: AI involvement is undeclared', chosen.origin);
  }
  if (exempt) return finding('presence', exempt.result, `no valid attestation, but none is needed: ${exempt.reason}`);
  return null;
}

/** What an unattested commit is told, given the trusted revision as the user knows it (verify's cache compares it). */
export function unattestedMessage(trust: string): string {
  return `unknown: not attested, and ai-attest is not set up at the trusted revision (${trust})`;
}
