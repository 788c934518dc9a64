import { describeDeclaration } from '../../../core/declaration.js';
import type { Predicate } from '../../../core/model.js';
import { finding, type Finding, type Judged } from './finding.js';

/**
 * The note lines a reader does not rely on (`primary` are the ones statement() judges): a line
 * that does not verify, the statement of an earlier version of this commit (kept by amend or
 * rebase), the statement of another change attached to the wrong commit. Then a commit-time
 * note statement that contradicts the trailers. Pure.
 */
export function note(judged: readonly Judged[], primary: ReadonlySet<Judged>, trailers: Judged | null): Finding[] {
  const out: Finding[] = [];
  const noteOwn = judged.some((j) => j.c.origin !== 'trailers' && j.valid && j.relation !== 'none');
  for (const j of judged) {
    if (primary.has(j) || j.c.sameAsTrailers || j.c.origin === 'trailers') continue;
    const line = j.c.origin.slice('note:'.length);
    if (!j.valid) {
      const why = j.c.problem?.message ?? (j.c.verify && !j.c.verify.ok ? j.c.verify.detail : 'unreadable');
      out.push(finding('note', 'note-invalid', `note line ${line} does not verify: ${why}`, j.c.origin));
    } else if (j.relation === 'none' && noteOwn)
      out.push(
        finding(
          'note',
          'superseded',
          `note line ${line} is the statement of an earlier version of this commit (kept by amend or rebase)`,
          j.c.origin,
        ),
      );
    else if (j.relation === 'none')
      out.push(
        finding(
          'note',
          'note-wrong-commit',
          `note line ${line} is a valid statement of another change (tree ` +
            `${j.c.predicate!.binding.tree.slice(0, 12)}), not of this commit: the note was attached to ` +
            `the wrong commit`,
          j.c.origin,
        ),
      );
  }
  const disagreement = disagreeing(judged, trailers);
  if (disagreement)
    out.push(
      finding(
        'note',
        'note-disagrees',
        `note line ${disagreement.c.origin.slice(5)} is a valid commit-time statement of this ` +
          `commit that disagrees with the trailers (${describeDeclaration(disagreement.c.predicate!)} ` +
          `vs ${describeDeclaration(trailers!.c.predicate!)})`,
        disagreement.c.origin,
      ),
    );
  return out;
}

/** A commit-time note statement of this commit that contradicts the trailers, when none agrees. */
function disagreeing(judged: readonly Judged[], trailers: Judged | null): Judged | null {
  if (!trailers?.valid || trailers.relation === 'none') return null;
  const notes = judged.filter(
    (j) => j.c.origin !== 'trailers' && (j.c.sameAsTrailers || (j.valid && j.relation !== 'none' && !j.c.predicate!.binding.commit)),
  );
  if (notes.length === 0 || notes.some((j) => j.c.sameAsTrailers || sameFacts(j.c.predicate!, trailers.c.predicate!))) return null;
  return notes[0]!;
}

function sameFacts(a: Predicate, b: Predicate): boolean {
  const facts = (p: Predicate) => JSON.stringify([p.ai, p.tools, p.share, p.sensitive, p.attester.key]);
  return facts(a) === facts(b);
}
