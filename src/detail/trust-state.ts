import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetailPolicy } from '../config/types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * The detail tier's trust, as the sealer last resolved it (src/detail/trust.ts): the policy and
 * recipients of the trust revision, and what HEAD changes in them. The sealer runs detached at
 * the end of an agent's turn and may ask git; commit-msg must not, so it reads this file (no
 * heavy imports: this runs inside commit-msg).
 */
export interface DetailTrustState {
  version: 1;
  /** The commit the policy and recipients were read from, and why it was chosen. */
  trust: { commit: string | null; kind: string; description: string };
  policy: DetailPolicy;
  /** Fingerprints of the trusted recipients; none: the tier is not adopted at the trust revision. */
  recipients: string[];
  /** Changes HEAD makes to the recipients or the detail policy: reported, never applied. */
  changes: string[];
  /** `$GIT_DIR/HEAD` as it was (`ref: refs/heads/NAME`): the changes are those of that branch. */
  head?: string;
}

/** What `$GIT_DIR/HEAD` says now (a file read, no git): which branch the changes belong to. */
export async function headRef(gitDir: string): Promise<string> {
  return (await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
}

export function detailTrustPath(gitDir: string): string {
  return join(gitDir, 'ai-attest', 'detail-trust.json');
}

export async function writeDetailTrustState(gitDir: string, state: DetailTrustState): Promise<void> {
  const path = detailTrustPath(gitDir);
  await writeFileAtomic(path, `${JSON.stringify(state)}\n`, { mode: 0o600, mkdir: 0o700 });
}

/** The state the sealer left, or null (none yet, or not one this build wrote). */
export async function readDetailTrustState(gitDir: string): Promise<DetailTrustState | null> {
  try {
    const value = JSON.parse(await readFile(detailTrustPath(gitDir), 'utf8')) as Partial<DetailTrustState> | null;
    if (
      !value ||
      value.version !== 1 ||
      typeof value.policy !== 'object' ||
      value.policy === null ||
      !Array.isArray(value.recipients) ||
      !Array.isArray(value.changes) ||
      typeof value.trust !== 'object' ||
      value.trust === null
    )
      return null;
    return value as DetailTrustState;
  } catch {
    return null;
  }
}

/**
 * The commit-time warning for a branch that changes the detail tier's trust, or null; `head`:
 * what `$GIT_DIR/HEAD` says now (a state resolved on another branch says nothing of this one).
 */
export function trustChangeWarning(state: DetailTrustState | null, head?: string): string | null {
  if (!state?.changes.length) return null;
  if (head !== undefined && state.head !== undefined && state.head !== head) return null;
  return (
    `this branch changes the detail tier's trust (${state.changes.join('; ')}): not applied. ` +
    `Prompts and raw output stay sealed to the recipients of ${state.trust.description}; the ` +
    `change takes effect once it is there.`
  );
}
