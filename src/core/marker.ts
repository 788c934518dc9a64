import type { Answers, Predicate, SensitiveFile, ToolUse } from './model.js';

/**
 * Extension names this module writes into carry statements. Readers (verify, report, status)
 * find a commit that needs re-attestation by NEEDS_REATTESTATION on the statement bound to it.
 */
export const CARRY_EXTENSION = 'ai-attest.carry';
export const NEEDS_REATTESTATION = 'ai-attest.needs-reattestation';

/** How a rewrite happened and what proves the old answers still describe the new commit. */
export interface CarryInfo {
  kind: RewriteKind;
  /**
   * patch-id: `git patch-id --stable` is unchanged; changed-lines: only context lines moved (the
   * zero-context patch-id is unchanged); squash: the squashed commits together make the same
   * change; reaffirmed: the rewriter confirmed the answers on a terminal; unproven: a squash whose
   * parts were reordered, so no diff comparison applies.
   */
  proof: 'patch-id' | 'changed-lines' | 'squash' | 'reaffirmed' | 'unproven';
}

export type RewriteKind = 'amend' | 'rebase' | 'squash' | 'cherry-pick' | 'merge-squash' | 'carry';

export interface NeedsReattestation {
  /** One sentence: why the old answers could not be carried. */
  reason: string;
  /** The commits whose attestations did not carry. */
  from: string[];
  /** The answers before the rewrite, as a starting point for `ai-attest attest`. */
  previous?: { ai: Answers['ai']; tools: ToolUse[]; share: number };
}

/**
 * A signed statement that says "the answers did not survive this rewrite": ai `undeclared` (so a
 * reader that knows nothing of the extension still flags it), with the reason and the old answers
 * in NEEDS_REATTESTATION. `ai-attest attest REV` supersedes it with a later statement.
 */
export function needsReattestationAnswers(info: NeedsReattestation, kind: RewriteKind, sensitive: readonly SensitiveFile[]): Answers {
  return {
    ai: 'undeclared',
    tools: [],
    share: 0,
    sensitive: sensitive.map((file) => ({ path: file.path, category: file.category, ai: [] })),
    source: 'carry',
    extensions: { [NEEDS_REATTESTATION]: info, [CARRY_EXTENSION]: { kind, proof: 'unproven' } satisfies CarryInfo },
  };
}

export function needsReattestation(predicate: Pick<Predicate, 'extensions'>): NeedsReattestation | null {
  const value = predicate.extensions[NEEDS_REATTESTATION];
  return value && typeof value === 'object' ? (value as NeedsReattestation) : null;
}

/** Extensions a carry writes itself; older values are replaced, never copied forward. */
export function withoutCarryExtensions(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { [CARRY_EXTENSION]: _carry, [NEEDS_REATTESTATION]: _needs, ...rest } = extensions ?? {};
  return rest;
}
