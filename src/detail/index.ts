/**
 * The detail tier's entry for capture: hand over one contribution (prompt turns, raw output,
 * ids) when the agent's turn ends. It is redacted, encrypted to the compliance recipients and
 * buffered under the git dir; nothing is written in clear. The commit that contains its files
 * binds it (commit-msg) and files it under refs/notes/ai-attest-detail (post-commit).
 *
 * Importing this module is cheap; secretlint and openpgp.js load only when a contribution is
 * submitted.
 */
import { DetailError } from './errors.js';
import type { DetailContribution, RedactionCounts } from './types.js';

export type { DetailContribution, DetailOutput, DetailTurn } from './types.js';

export interface SubmitOptions {
  /** Repository working directory (git runs here). */
  cwd: string;
  /** Absolute git dir of the worktree (`git rev-parse --absolute-git-dir`). */
  gitDir: string;
  env?: NodeJS.ProcessEnv;
  /** A stable key for the contribution (e.g. `${session}:${turnId}`): submitting it again replaces it. */
  key?: string;
}

export type SubmitResult =
  | { status: 'sealed'; id: string; redactions: RedactionCounts; recipients: string[] }
  | { status: 'skipped'; reason: string };

export async function submitContribution(contribution: DetailContribution, options: SubmitOptions): Promise<SubmitResult> {
  const { sealContribution } = await import('./seal.js');
  try {
    const sealed = await sealContribution(contribution, options);
    return { status: 'sealed', id: sealed.id, redactions: sealed.redactions, recipients: sealed.recipients };
  } catch (error) {
    // No recipients committed yet, or none usable: capture goes on; the commit then states the
    // detail as unavailable where its policy requires one.
    if (error instanceof DetailError) return { status: 'skipped', reason: error.message };
    throw error;
  }
}
