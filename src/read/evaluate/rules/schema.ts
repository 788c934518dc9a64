import type { Candidate } from '../candidates.js';
import { finding, type Finding } from './finding.js';

/**
 * Whether a statement is shaped as its version says, and what beside it nobody signs: attestation
 * block lines its statement does not cover, trailers this version does not know. A statement that
 * could not be read (or carries no signature) has one finding, its problem, and no further check
 * applies to it: `readable` says whether the others run. Pure.
 */
export function schema(c: Pick<Candidate, 'origin' | 'problem' | 'predicate' | 'unsignedLines' | 'unknownKeys'>): {
  findings: Finding[];
  readable: boolean;
} {
  const source = c.origin;
  if (c.problem) {
    const check = c.problem.result === 'unsigned' ? 'signature' : 'schema';
    return { findings: [finding(check, c.problem.result, c.problem.message, source)], readable: false };
  }
  const findings = [finding('schema', 'ok', `schema v${c.predicate!.version}`, source)];
  for (const line of c.unsignedLines ?? [])
    findings.push(
      finding('schema', 'unsigned-trailer', `${line}: shown in the attestation block, but its statement does not sign it`, source),
    );
  for (const key of c.unknownKeys)
    findings.push(
      finding('schema', 'unknown-trailer', `"${key}:" is not an ai-attest trailer this version knows; nothing signs it`, source),
    );
  return { findings, readable: true };
}
