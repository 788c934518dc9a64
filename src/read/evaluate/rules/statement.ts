import type { Predicate } from '../../../core/model.js';
import type { CommitRecord } from '../../../git/log.js';
import type { RangeTrust } from '../../trust/range-changes.js';
import type { StatementOrigin } from '../types.js';
import { binding } from './binding.js';
import type { Finding, Judged } from './finding.js';
import { identity } from './identity.js';
import { schema } from './schema.js';
import { signature } from './signature.js';

export interface StatementFacts {
  record: Pick<CommitRecord, 'commit' | 'tree' | 'parents'>;
  /** The statement the verdict rests on. */
  chosen: Judged | null;
  /** The statement naming this commit that carries this (replaced) one here, if any. */
  replacedBy: StatementOrigin | null;
  rangeTrust: Pick<RangeTrust, 'proposed' | 'onlyAddKeys'> | null;
  parentTimes: readonly number[];
  carried: ReadonlyMap<string, readonly Predicate[]>;
}

/**
 * One statement a reader relies on, check by check: schema, signature, binding, identity. A
 * statement that cannot be read, or whose signature fails, is judged no further. Its identity
 * is reported when it is the chosen statement, the trailers, or there is no chosen one. Pure.
 */
export function statement(j: Judged, f: StatementFacts): Finding[] {
  const { c } = j;
  const shape = schema(c);
  if (!shape.readable) return shape.findings;
  const pred = c.predicate!;
  const signed = signature({
    verify: c.verify!,
    source: c.origin,
    relation: j.relation,
    answerSource: pred.source,
    commit: f.record.commit,
    rangeTrust: f.rangeTrust,
    parentTimes: f.parentTimes,
  });
  if (!c.verify!.ok) return [...shape.findings, signed];
  const out = [
    ...shape.findings,
    signed,
    ...binding({ predicate: pred, source: c.origin, relation: j.relation, record: f.record, replacedBy: f.replacedBy, carried: f.carried }),
  ];
  if (j.identity && (j === f.chosen || !f.chosen || c.origin === 'trailers')) out.push(identity(j.identity, c.origin));
  return out;
}
