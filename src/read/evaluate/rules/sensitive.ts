import type { SensitiveMatcher } from '../../../config/sensitive.js';
import type { Predicate } from '../../../core/model.js';
import type { StatementOrigin } from '../types.js';
import { finding, type Finding } from './finding.js';

export interface SensitiveFacts {
  predicate: Pick<Predicate, 'ai' | 'sensitive'>;
  source: StatementOrigin;
  /** Format 2 trailers whose note part (the human-only sensitive files) was not found. */
  notePartMissing: boolean;
  /** The files the commit changes; undefined when not computed (no sensitive globs). */
  files: readonly string[] | undefined;
  matchSensitive: SensitiveMatcher;
}

/**
 * A statement declaring AI use must declare every sensitive file the commit changes. v2 trailers
 * list only the files AI touched; without the note part the others cannot be checked, which is
 * said, not failed. Null when AI was not used or the files were not computed. Pure.
 */
export function sensitive(f: SensitiveFacts): Finding | null {
  const pred = f.predicate;
  if (pred.ai !== 'used' || f.files === undefined) return null;
  const declared = new Set(pred.sensitive.map((s) => s.path));
  const missed = f.files.flatMap((file) => {
    const category = f.matchSensitive(file);
    return category && !declared.has(file) ? [`${file} (${category})`] : [];
  });
  if (missed.length && f.notePartMissing)
    return finding(
      'sensitive',
      'ok',
      `the statement's note part (the human-only sensitive files) is missing, so ${missed.length} ` +
        `sensitive file(s) outside the AI-touched list cannot be checked: fetch the notes ` +
        `(ai-attest sync)`,
      f.source,
    );
  if (missed.length)
    return finding(
      'sensitive',
      'sensitive-underreported',
      `AI was used and the commit changes sensitive files the statement does not declare: ${missed.join(', ')}`,
      f.source,
    );
  return finding(
    'sensitive',
    'ok',
    pred.sensitive.length ? `declares ${pred.sensitive.length} sensitive file(s)` : 'no sensitive files changed',
    f.source,
  );
}
