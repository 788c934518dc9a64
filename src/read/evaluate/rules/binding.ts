import type { Predicate } from '../../../core/model.js';
import type { CommitRecord } from '../../../git/log.js';
import { sameChange } from '../relation.js';
import type { Relation, StatementOrigin } from '../types.js';
import { unfoundedCarry } from './carry-sources.js';
import { finding, type Finding } from './finding.js';

export interface BindingFacts {
  predicate: Predicate;
  source: StatementOrigin;
  relation: Relation | null;
  record: Pick<CommitRecord, 'tree' | 'parents'>;
  /** The statement naming this commit that carries this (replaced) one here, if any. */
  replacedBy: StatementOrigin | null;
  /** The verified statements of the commits carry statements name. */
  carried: ReadonlyMap<string, readonly Predicate[]>;
}

/**
 * Whether a statement was made for this change: bound exactly, carried (same patch-id, or
 * reworded), the statement of a commit this one replaced, or another change's; and a carry
 * statement backed by the statements it carries. Pure.
 */
export function binding(f: BindingFacts): Finding[] {
  const { predicate: pred, source, relation, record } = f;
  const b = pred.binding;
  const out: Finding[] = [];
  if (relation === 'none' && f.replacedBy)
    out.push(
      finding(
        'binding',
        'superseded',
        `the statement of ${b.commit ? `commit ${b.commit.slice(0, 12)}` : `tree ${b.tree.slice(0, 12)}`}, ` +
          `which this commit replaced: the statement in ${f.replacedBy.replace(':', ' line ')} ` +
          `carries it to this commit`,
        source,
      ),
    );
  else if (relation === 'none')
    out.push(
      finding(
        'binding',
        'binding-mismatch',
        `the statement binds tree ${b.tree.slice(0, 12)} on ` +
          `${b.parents.map((x) => x.slice(0, 12)).join(',') || 'no parent'}` +
          `${b.commit ? ` (commit ${b.commit.slice(0, 12)})` : ''}, not this commit's tree ` +
          `${record.tree.slice(0, 12)} on ` +
          `${record.parents.map((x) => x.slice(0, 12)).join(',') || 'no parent'}, and the patch-ids ` +
          `differ: it was made for another change`,
        source,
      ),
    );
  else if (relation === 'carried')
    out.push(
      finding(
        'binding',
        'carried',
        sameChange(pred, record)
          ? 'the same change under another message (reworded)'
          : 'carried: the patch-id matches (rebased or cherry-picked unchanged)',
        source,
      ),
    );
  else out.push(finding('binding', 'ok', b.commit ? 'names this commit' : 'bound to this tree and these parents', source));
  const unfounded = pred.source === 'carry' && relation !== 'none' ? unfoundedCarry(pred, f.carried) : null;
  if (unfounded) out.push(finding('binding', 'carry-unfounded', unfounded, source));
  return out;
}
