import type { Predicate } from '../../../core/model.js';
import type { TrailerLine } from '../../../core/attestation-trailers.js';
import { parseTrailers } from '../../../core/trailers.js';
import { typedDisclosures } from '../../../detect/index.js';
import type { StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';

/**
 * A signed "no AI" beside an agent disclosure typed into the message (outside the signature):
 * the two contradict, and a reader should not have to choose. Null otherwise. Pure.
 */
export function disclosure(
  predicate: Pick<Predicate, 'ai'>,
  source: StatementOrigin,
  message: string,
  /** The message's trailers when parsed already. */
  lines?: readonly TrailerLine[],
): Finding | null {
  if (predicate.ai !== 'none') return null;
  const typed = typedDisclosures(lines ?? parseTrailers(message));
  if (!typed.length) return null;
  const shown = typed.map((d) => `"${d.trailer.key}: ${d.trailer.value}"`).join(', ');
  return finding(
    'disclosure',
    'disclosure-contradicts',
    `the signed answer is "no AI", but the message discloses an agent outside the signature: ${shown}`,
    source,
  );
}
