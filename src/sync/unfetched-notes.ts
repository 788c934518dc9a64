import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import type { GitOptions } from '../git/run.js';
import { remoteRefOid } from '../git/transport.js';
import type { VerifyOutcome } from '../read/verify/verify.js';
import { resolveNotesRemote } from './remote.js';
import { refOid } from './transport.js';

/**
 * The remote whose attestation notes this clone never fetched, or null. Only a clone with no
 * notes at all (local or fetched) is asked, with one `git ls-remote`, and only when verify
 * already found commits without attestation: a fresh clone's first verify, not every run.
 */
export async function unfetchedNotesRemote(options: GitOptions): Promise<string | null> {
  if (await refOid(NOTES_REF, options)) return null;
  let remote;
  try {
    remote = await resolveNotesRemote(undefined, options);
  } catch (error) {
    if (error instanceof AttestError) return null;
    throw error;
  }
  if (await refOid(remote.trackingRef, options)) return null;
  const theirs = await remoteRefOid(remote.target, NOTES_REF, options);
  return theirs.ok && theirs.oid ? remote.name : null;
}

/** Commits missing an attestation in a clone that never fetched the remote's notes: the fix is sync, not attest. */
export async function pointMissingAtSync(outcome: VerifyOutcome, options: GitOptions): Promise<void> {
  // An outcome that keeps only what is shown holds every commit with a missing attestation until it is printed.
  const missing = (outcome.shown?.held ?? outcome.commits).flatMap((c) => c.results.filter((r) => r.result === 'missing'));
  if (missing.length === 0) return;
  const remote = await unfetchedNotesRemote(options);
  if (!remote) return;
  for (const result of missing) {
    result.fix = `ai-attest sync ${remote}   (${remote} has attestation notes this clone never fetched), then verify again`;
  }
}
