import { buildPredicate, signPredicate } from '../core/attest.js';
import { decodeTrailers } from '../core/attestation-trailers.js';
import type { Answers } from '../core/model.js';
import { parseTrailers } from '../core/trailers.js';
import { loadConfig } from '../config/load.js';
import { matchSensitive } from '../config/sensitive.js';
import { loadSigningKey } from '../crypto/signing-key.js';
import { changedFiles } from '../git/changed-files.js';
import { collectCommitsById } from '../git/log.js';
import { addNoteLines } from '../git/notes.js';
import { commitPatchIds } from '../git/patch-id.js';
import { repoPaths } from '../git/repo.js';

/** Names the commit a revert undoes, in the revert's own statement. */
export const REVERT_EXTENSION = 'ai-attest.revert';

/**
 * `git revert` commits without running commit-msg (git runs only prepare-commit-msg and
 * post-commit), so our post-commit hands the new commit here with the reverted one
 * (`<reverted> <new>` from REVERT_HEAD). A revert whose change is exactly the inverse of the
 * reverted change was written by git, not by a person or an AI: it is signed as "no AI" by
 * policy, naming the reverted commit. One that differs (a conflict resolved by hand) cannot be
 * vouched for that way: it is left to `ai-attest attest`, which the message names.
 */
export async function attestRevert(input: string, ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string | null> {
  const [reverted, created] = input.trim().split(/\s+/);
  if (!reverted || !created) return null;
  const opts = { cwd: ctx.cwd, env: ctx.env };
  const [record, original] = await collectCommitsById([created, reverted], opts);
  if (!record || !original || record.commit === original.commit) return null;
  // `git revert --no-commit` then `git commit` ran commit-msg: that commit answered for itself.
  const own = decodeTrailers(parseTrailers(record.message));
  if (own.kind === 'ok' && own.predicate.binding.tree === record.tree) return null;
  const paths = await repoPaths(opts);
  const base = record.parents[0] ?? null;
  const inverse = original.parents[0] ?? null;
  const [{ config }, files, ids, signer] = await Promise.all([
    loadConfig({ top: paths.top, commonDir: paths.commonDir }),
    changedFiles([{ commit: record.commit, base }], opts),
    // The reverted change read backwards (its parent against it) is what a clean revert makes.
    inverse
      ? commitPatchIds(
          [
            { commit: record.commit, base },
            { commit: inverse, base: original.commit },
          ],
          opts,
        )
      : Promise.resolve(new Map<string, string>()),
    loadSigningKey({ env: ctx.env }),
  ]);
  const sensitive = matchSensitive(files.get(record.commit) ?? [], config.sensitive);
  const patchId = ids.get(record.commit) ?? '';
  const clean = Boolean(inverse && patchId && patchId === ids.get(inverse));
  const answers: Answers | null = clean
    ? {
        ai: 'none',
        tools: [],
        share: 0,
        sensitive: sensitive.map((s) => ({ ...s, ai: [] })),
        source: 'policy',
        extensions: { [REVERT_EXTENSION]: { reverts: original.commit, proof: 'patch-id' } },
      }
    : null;
  if (!answers)
    return (
      `the revert of ${original.commit.slice(0, 12)} was edited (it is not the exact inverse of ` +
      `the reverted change): run \`ai-attest attest ${record.commit.slice(0, 12)}\``
    );
  const binding = { tree: record.tree, parents: record.parents, patchId, commit: record.commit };
  const signed = signPredicate(buildPredicate(answers, binding, signer, new Date()), signer);
  await addNoteLines(record.commit, [signed.noteLine], { ...opts, commonDir: paths.commonDir });
  return `signed the revert of ${original.commit.slice(0, 12)}: no AI (git wrote the inverse change)`;
}
