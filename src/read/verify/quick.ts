import { NOTES_REF } from '../../core/model.js';
import { readCommits } from '../../git/log.js';
import { runGit, type GitOptions } from '../../git/run.js';
import { evaluateCommits, type EvaluationContext } from '../evaluate.js';
import type { RangeSpec } from '../range.js';
import { subjectOf, type KnownVerdict, type VerifyCache } from './cache.js';

/** More unknown commits than this, and one git log of the whole range is the cheaper read. */
const MAX_UNKNOWN = 2000;

export interface QuickCommit extends KnownVerdict {
  cached: boolean;
}

/**
 * Verifying a range the cache mostly knows, without reading any message or note: the range's
 * commit ids (`git rev-list`) and the note blob ids (`git ls-tree` of the notes ref) are all
 * the cache keys need. Only the commits it does not know are read (one git log) and evaluated.
 * Returns null when too few are known for this to pay.
 */
export async function quickVerdicts(
  range: RangeSpec,
  ctx: EvaluationContext,
  cache: VerifyCache,
  git: Promise<{ ids: string[]; notes: Map<string, string> }>,
): Promise<QuickCommit[] | null> {
  const { ids, notes } = await git;
  const known = new Map<string, KnownVerdict>();
  const unknown: string[] = [];
  for (const id of ids) {
    const hit = cache.lookupById(id, notes.get(id) ?? '');
    if (hit) known.set(id, hit);
    else unknown.push(id);
  }
  if (unknown.length > MAX_UNKNOWN) return null;
  const fresh = new Map<string, QuickCommit>();
  if (unknown.length) {
    const records = readCommits(unknown, { cwd: ctx.cwd, env: ctx.env, logOptions: ['--no-walk=unsorted'] });
    for await (const { record, verdict } of evaluateCommits(records, ctx)) {
      cache.remember(record, verdict);
      fresh.set(record.commit, {
        verdict,
        subject: subjectOf(record.message),
        author: { name: record.authorName, email: record.authorEmail },
        cached: false,
      });
    }
  }
  return ids.map((id) => fresh.get(id) ?? { ...known.get(id)!, cached: true });
}

/** Started at once, alongside loading the config and the cache. */
export async function rangeAndNotes(range: RangeSpec, options: GitOptions): Promise<{ ids: string[]; notes: Map<string, string> }> {
  const [revs, tree] = await Promise.all([
    runGit(['rev-list', ...range.logOptions, ...range.revisions, '--'], options),
    runGit(['ls-tree', '-r', '-z', NOTES_REF], { ...options, okCodes: [128] }),
  ]);
  const notes = new Map<string, string>();
  if (tree.status === 0) {
    for (const entry of tree.stdout.split('\0')) {
      // "<mode> blob <id>\t<path>", the path being the commit id split into fan-out folders.
      const tab = entry.indexOf('\t');
      const space = entry.lastIndexOf(' ', tab);
      if (tab < 0 || space < 0) continue;
      const path = entry.slice(tab + 1);
      notes.set(path.includes('/') ? path.split('/').join('') : path, entry.slice(space + 1, tab));
    }
  }
  return { ids: revs.stdout.split('\n').filter(Boolean), notes };
}
