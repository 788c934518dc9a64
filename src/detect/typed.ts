import { typedAttributions, type TrailerLine } from '../core/attestation-trailers.js';
import { atLeast } from './disclosed.js';
import { signalsOfTrailer } from './match.js';

export interface TypedDisclosure {
  trailer: TrailerLine;
  /** The tool family the trailer names. */
  tool: string;
}

/**
 * Agent disclosures a message carries outside ai-attest's signed block (`Assisted-by: Claude
 * Opus 4.6`, `Co-authored-by: Claude <noreply@anthropic.com>`): what a developer or an agent
 * typed. They are unsigned claims, shown as such and compared with the signed answer.
 */
export function typedDisclosures(trailers: readonly TrailerLine[]): TypedDisclosure[] {
  const out: TypedDisclosure[] = [];
  for (const trailer of typedAttributions(trailers)) {
    const hit = signalsOfTrailer(trailer.key, trailer.value).find((h) => h.tool !== 'bot' && atLeast(h.confidence, 'medium'));
    if (hit) out.push({ trailer, tool: hit.tool });
  }
  return out;
}
