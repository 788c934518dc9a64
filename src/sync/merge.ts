import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import { mergeNotes } from '../git/notes.js';
import { updateRef } from '../git/refs.js';
import type { GitOptions } from '../git/run.js';
import { contains, refOid } from './transport.js';

/**
 * Merges the fetched notes into the local ones with cat_sort_uniq: both sides' lines are kept
 * (one JSON statement per line, duplicates folded), so no statement is ever lost and the merge
 * never stops on a conflict. The caller holds the notes lock: `git notes merge` has no
 * compare-and-swap either. Returns the local notes commit after the merge.
 */
export async function mergeFetchedNotes(trackingRef: string, options: GitOptions, ref = NOTES_REF): Promise<string | null> {
  const [local, remote] = await Promise.all([refOid(ref, options), refOid(trackingRef, options)]);
  if (!remote) return local;
  if (!local) {
    // Nothing local yet: take the remote's notes as they are (the empty old value makes it a create-only update).
    await updateRef(ref, remote, options, '');
    return remote;
  }
  if (await contains(local, remote, options)) return local;
  const result = await mergeNotes(ref, trackingRef, options);
  if (!result.ok) {
    if (result.unfinished) {
      throw new AttestError(
        `an earlier \`git notes merge\` was left unfinished: run \`git notes ` +
          `--ref=${ref.replace('refs/notes/', '')} merge --abort\`, then \`ai-attest sync\` again. ` +
          `(${result.message})`,
      );
    }
    throw new AttestError(`git notes merge failed: ${result.message}. Run \`ai-attest doctor\`.`);
  }
  return refOid(ref, options);
}
