import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTrailers } from '../core/attestation-trailers.js';
import { parseTrailers } from '../core/trailers.js';
import { AttestError } from '../errors.js';
import { collectCommitsById } from '../git/log.js';
import { repoPaths } from '../git/repo.js';
import type { RewriteKind } from '../core/marker.js';
import { parseRewriteList, type RewriteGroup } from '../rewrite/rewrite-list.js';
import { readStdinText } from '../io/stdin.js';

/**
 * `post-rewrite amend|rebase` (from git), and `post-rewrite cherry-pick` (from our post-commit,
 * which sees CHERRY_PICK_HEAD; git copies no notes for a pick). stdin: `<old> <new>` lines.
 * Never fails the rewrite (git ignores this hook's status anyway): problems are reported with
 * the command that fixes them.
 */
export async function runPostRewrite(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }, input?: string): Promise<number> {
  if (args[0] === 'revert') {
    const said = await (await import('./revert.js')).attestRevert(input ?? (await readStdinText({ emptyOnTerminal: true })), ctx);
    if (said && ctx.env.AI_ATTEST_QUIET !== '1') process.stderr.write(`ai-attest: ${said}\n`);
    return 0;
  }
  const kind = toKind(args[0]);
  const groups = parseRewriteList(input ?? (await readStdinText({ emptyOnTerminal: true })));
  if (!kind || groups.length === 0) return 0;
  const paths = await repoPaths(ctx);
  // rebase -i amends internally (squash, fixup, reword, edit) and calls us with `amend` each time;
  // the final `rebase` call lists every commit, so those are left to it.
  if (kind !== 'rebase' && (existsSync(join(paths.gitDir, 'rebase-merge')) || existsSync(join(paths.gitDir, 'rebase-apply')))) return 0;
  if (kind === 'amend' && (await amendedInPlace(groups, ctx))) return 0;
  const write = (line: string) => ctx.env.AI_ATTEST_QUIET === '1' || process.stderr.write(`ai-attest: ${line}\n`);
  try {
    const { loadRewriteContext } = await import('../rewrite/context.js');
    const { carryAttestations } = await import('../rewrite/carry.js');
    const { describeCarry } = await import('../rewrite/summary.js');
    const report = await carryAttestations(await loadRewriteContext(ctx), { groups, kind, interactive: true });
    for (const line of describeCarry(report)) write(line);
  } catch (error) {
    if (!(error instanceof AttestError)) throw error;
    const pairs = groups.map((g) => `${g.olds.map((o) => o.slice(0, 12)).join(',')} ${g.newCommit.slice(0, 12)}`).join('; ');
    process.stderr.write(
      `ai-attest: could not carry the attestations of the rewritten commits: ` +
        `${error.message}\nRetry with \`ai-attest carry OLD NEW\` for: ${pairs}\n`,
    );
  }
  return 0;
}

/**
 * `git commit --amend` ran commit-msg, which re-signed the commit with the previous answers: its
 * trailers bind it exactly and declare something, and git copied the old note (notes.rewriteRef).
 * Checked from one git call, before any key or keyring is loaded, so a plain amend stays cheap;
 * the trailers' signature is verify's business, and nothing is carried on their word here.
 */
async function amendedInPlace(groups: readonly RewriteGroup[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<boolean> {
  const records = await collectCommitsById(
    groups.map((g) => g.newCommit),
    ctx,
  );
  return (
    records.length === groups.length &&
    records.every((r) => {
      const decoded = decodeTrailers(parseTrailers(r.message));
      if (decoded.kind !== 'ok' || decoded.predicate.ai === 'undeclared') return false;
      const b = decoded.predicate.binding;
      return b.tree === r.tree && b.parents.join() === r.parents.join() && (!b.commit || b.commit === r.commit);
    })
  );
}

function toKind(value: string | undefined): RewriteKind | null {
  return value === 'amend' || value === 'rebase' || value === 'cherry-pick' ? value : null;
}
