import { typedAttributions, type TrailerLine } from '../../core/attestation-trailers.js';
import { parseTrailers } from '../../core/trailers.js';
import { atLeast, signalsOfTrailer } from '../../detect/index.js';

export interface Disclosure {
  trailer: TrailerLine;
  /** The tool family the trailer names (detect's catalog). */
  tool: string;
}

/**
 * Agent disclosures a message carries outside the signed block (`Assisted-by: Claude Opus 4.6`,
 * `Co-authored-by: Claude <noreply@anthropic.com>`): shown as what they are, unsigned claims,
 * and compared with the signed answer.
 */
export function agentDisclosures(message: string): Disclosure[] {
  const out: Disclosure[] = [];
  for (const trailer of typedAttributions(parseTrailers(message))) {
    const hit = signalsOfTrailer(trailer.key, trailer.value).find((h) => h.tool !== 'bot' && atLeast(h.confidence, 'medium'));
    if (hit) out.push({ trailer, tool: hit.tool });
  }
  return out;
}
