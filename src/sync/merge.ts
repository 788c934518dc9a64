import { NOTES_REF } from '../core/model.js';
import { AttestError } from '../errors.js';
import { runGit, type GitOptions } from '../git/run.js';
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
    await runGit(['update-ref', ref, remote, ''], options);
    return remote;
  }
  if (await contains(local, remote, options)) return local;
  const result = await runGit(['notes', `--ref=${ref}`, 'merge', '--quiet', '-s', 'cat_sort_uniq', trackingRef], {
    ...options,
    okCodes: [1, 128],
  });
  if (result.status !== 0) {
    const text = result.stderr.trim();
    if (/NOTES_MERGE|merge.*in progress|unfinished/i.test(text)) {
      throw new AttestError(
        `an earlier \`git notes merge\` was left unfinished: run \`git notes --ref=${ref.replace('refs/notes/', '')} merge --abort\`, then \`ai-attest sync\` again. (${text.split('\n')[0]})`,
      );
    }
    throw new AttestError(`git notes merge failed: ${text.split('\n')[0] ?? `status ${result.status}`}. Run \`ai-attest doctor\`.`);
  }
  return refOid(ref, options);
}
