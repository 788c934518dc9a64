import type { Predicate } from '../../core/model.js';
import { preAuthEncoding } from '../../core/statement.js';
import type { Keyring } from '../../crypto/keyring.js';
import { readCommitsById } from '../../git/log.js';
import { completeCandidates, isValid, readCandidates } from './candidates.js';
import { relationOf } from './relation.js';
import { isObjectId } from '../../core/object-id.js';

/**
 * The statements that verify on the commits carry statements name (`carriedFrom`), from one
 * `git log --no-walk` read: signed by a trusted key and made for that commit. Commits not here are
 * left out. Only their own signatures are checked, not what they carry in turn.
 */
export async function verifiedStatementsOf(
  ids: readonly string[],
  ctx: { cwd: string; env: NodeJS.ProcessEnv; keyring: Keyring; now: Date },
): Promise<Map<string, Predicate[]>> {
  const result = new Map<string, Predicate[]>();
  const wanted = [...new Set(ids.filter(isObjectId))];
  if (wanted.length === 0) return result;
  for await (const record of readCommitsById(wanted, { cwd: ctx.cwd, env: ctx.env, ignoreMissing: true })) {
    const candidates = readCandidates(record.message, record.note);
    for (const c of candidates)
      for (const job of c.jobs) job.result = ctx.keyring.verify(preAuthEncoding(job.payloadType, job.payload), job.signature, ctx.now);
    completeCandidates(candidates, ctx.keyring, ctx.now);
    result.set(
      record.commit,
      candidates
        .filter(isValid)
        .filter((c) => relationOf(c.predicate, record, undefined) !== 'none')
        .map((c) => c.predicate),
    );
  }
  return result;
}
