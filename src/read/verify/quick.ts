import { stat } from 'node:fs/promises';
import { NOTES_REF } from '../../core/model.js';
import type { RepoPaths } from '../../git/repo.js';
import { readCommitsById } from '../../git/log.js';
import { notesTree } from '../../git/notes-read.js';
import { commitsOf } from '../../git/ranges.js';
import type { GitOptions } from '../../git/run.js';
import { evaluateCommits, type EvaluationContext } from '../evaluate.js';
import type { RangeSpec } from '../range.js';
import { subjectOf, VerifyCache, type KnownVerdict } from './cache.js';

/** More unknown commits than this, and one git log of the whole range is the cheaper read. */
const MAX_UNKNOWN = 2000;

export interface QuickCommit extends KnownVerdict {
  cached: boolean;
}

/** The range's verdicts in order, made as they are read: 100,000 of them are never held at once. */
export interface QuickVerdicts {
  length: number;
  commits: Iterable<QuickCommit>;
}

/**
 * Verifying a range the cache mostly knows, without reading any message or note: the range's
 * commit ids (`git rev-list`) and the note blob ids (`git ls-tree` of the notes ref) are all
 * the cache keys need. Only the commits it does not know are read (one git log) and evaluated.
 * Returns null when too few are known for this to pay. A known verdict is looked up once to count
 * it and again as it is read (the same answer: the cache does not change in between).
 */
export async function quickVerdicts(
  range: RangeSpec,
  ctx: EvaluationContext,
  cache: VerifyCache,
  git: Promise<{ ids: string[]; notes: Map<string, string> }>,
): Promise<QuickVerdicts | null> {
  const { ids, notes } = await git;
  const unknown = ids.filter((id) => !cache.lookupById(id, notes.get(id) ?? ''));
  if (unknown.length > MAX_UNKNOWN) return null;
  const fresh = new Map<string, QuickCommit>();
  if (unknown.length) {
    const records = readCommitsById(unknown, { cwd: ctx.cwd, env: ctx.env });
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
  function* inOrder(): Generator<QuickCommit> {
    for (const id of ids) yield fresh.get(id) ?? { ...cache.lookupById(id, notes.get(id) ?? '')!, cached: true };
  }
  return { length: ids.length, commits: inOrder() };
}

/** Started at once, alongside loading the config and the cache. */
export async function rangeAndNotes(range: RangeSpec, options: GitOptions): Promise<{ ids: string[]; notes: Map<string, string> }> {
  const [ids, tree] = await Promise.all([commitsOf(range, options), notesTree(NOTES_REF, options)]);
  return { ids, notes: new Map([...tree].map(([commit, entry]) => [commit, entry.oid])) };
}

/**
 * Whether there is a verdict cache to ask at all: without one (a first run, a CI job), listing
 * the range and the notes for it is wasted, and over 80,000 commits the list of ids alone is
 * most of what a cold run promotes to the old generation. A path that cannot be found says no.
 */
export async function cacheExists(paths: Promise<RepoPaths>): Promise<boolean> {
  try {
    return (await stat(VerifyCache.path((await paths).commonDir))).isFile();
  } catch {
    return false;
  }
}
