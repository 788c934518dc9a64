import type { Predicate } from '../../core/model.js';
import type { CommitHead } from '../../git/commit-heads.js';
import type { Judged } from './rules/finding.js';

/**
 * Which statement a verdict rests on, and which ones a reader relies on. The best valid statement
 * wins: bound exactly, declared, by the author, naming the commit, the trailers, the newest.
 */
export function choose(judged: readonly Judged[]): { chosen: Judged | null; trailers: Judged | null; primary: Set<Judged> } {
  // Plain loops: once per commit of every range, in baseline code (src/read/compiler.ts).
  let chosen: Judged | null = null;
  let trailers: Judged | null = null;
  for (let i = 0; i < judged.length; i++) {
    const j = judged[i]!;
    if (j.valid && j.relation !== 'none' && (!chosen || byPreference(j, chosen) < 0)) chosen = j;
    if (!trailers && j.c.origin === 'trailers') trailers = j;
  }
  // The statements a reader relies on: the trailers, the chosen one, or the best broken note line.
  const primary = new Set<Judged>();
  if (trailers) primary.add(trailers);
  if (chosen && !chosen.c.sameAsTrailers) primary.add(chosen);
  if (!trailers && !chosen) {
    const first = best(judged);
    if (first) primary.add(first);
  }
  return { chosen, trailers, primary };
}

/** What a stable sort by preference would put first (the earliest of equals), without sorting. */
function best(judged: readonly Judged[]): Judged | null {
  let found: Judged | null = null;
  for (let i = 0; i < judged.length; i++) if (!found || byPreference(judged[i]!, found) < 0) found = judged[i]!;
  return found;
}

/** Negative when `a` is preferred, positive when `b` is, 0 for equals. */
function byPreference(a: Judged, b: Judged): number {
  const ka = rank(a);
  const kb = rank(b);
  if (ka !== kb) return kb - ka;
  return (b.c.predicate?.time ?? '').localeCompare(a.c.predicate?.time ?? '');
}

/**
 * The preferences in order, as one number whose order is theirs (each digit within its own
 * range): valid, bound exactly (2) or carried (1), declared, by the author, naming the commit,
 * the trailers.
 */
function rank(j: Judged): number {
  const relation = j.relation === 'exact' ? 2 : j.relation === 'carried' ? 1 : 0;
  const declared = j.c.predicate && j.c.predicate.ai !== 'undeclared' ? 1 : 0;
  return (
    (((((j.valid ? 1 : 0) * 3 + relation) * 2 + declared) * 2 + (j.identity?.ok ? 1 : 0)) * 2 + (j.namesCommit ? 1 : 0)) * 2 +
    (j.c.origin === 'trailers' ? 1 : 0)
  );
}

/**
 * A valid statement naming this commit (carry, attest): the stale statements of the commits that
 * this commit's statements say it replaced (trailers kept by a rebase or squash) are then
 * expected, not a warning. Strict mode keeps the warning: it trusts the trailers alone.
 * Returns, per statement, the carrier that makes it expected (null: none).
 */
export function carriers(
  judged: readonly Judged[],
  chosen: Judged | null,
  strict: boolean,
  heads: ReadonlyMap<string, CommitHead>,
): (j: Judged) => Judged | null {
  const carrier = !strict && chosen && chosen.namesCommit && chosen.c.origin !== 'trailers' && chosen.identity?.ok ? chosen : null;
  if (!carrier) return () => null;
  // The marker a rewrite left, or its carry statement, records what this commit replaced, also
  // once `attest` has superseded it.
  const replaced = judged.flatMap((j) => (j.valid && j.namesCommit && j.identity?.ok ? (j.c.predicate!.carriedFrom ?? []) : []));
  return (j) => (j !== carrier && j.valid && wasReplaced(j.c.predicate!, replaced, heads) ? carrier : null);
}

/** The statement was made for one of `from`: it names it, or binds its tree and parents. */
function wasReplaced(p: Predicate, from: readonly string[], heads: ReadonlyMap<string, CommitHead>): boolean {
  const b = p.binding;
  if (b.commit) return from.includes(b.commit);
  return from.some((id) => {
    const h = heads.get(id);
    return h !== undefined && h.tree === b.tree && h.parents.length === b.parents.length && h.parents.every((x, i) => x === b.parents[i]);
  });
}
