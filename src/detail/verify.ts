import { readNotesFor } from '../git/detail-notes.js';
import type { GitOptions } from '../git/run.js';
import { unavailableDetail } from './policy.js';
import { DetailRecordFormatError, parseRecordNote, recordDigest } from './record.js';
import type { DetailRecord } from './types.js';

/** What verify can say of a commit's detail tier from its signed statement and its detail note. */
export type DetailCheck =
  | { result: 'ok'; message: string }
  | { result: 'detail-unavailable'; message: string }
  | { result: 'detail-missing'; message: string }
  | { result: 'detail-mismatch'; message: string };

export interface StatementDetail {
  detail?: { sha256: string };
  extensions?: Record<string, unknown>;
}

/**
 * Checks the detail record each statement binds: the note must hold a record whose digest is the
 * signed one (a swapped, truncated or edited record is a mismatch). A statement that says the
 * record was required and unavailable is reported as such. One `git notes list` and one batched
 * read, only when some statement binds a record.
 */
export async function checkDetailRecords(
  commits: ReadonlyArray<{ commit: string; statement: StatementDetail | null }>,
  options: GitOptions,
): Promise<Map<string, DetailCheck>> {
  const out = new Map<string, DetailCheck>();
  const bound = commits.filter((c) => c.statement?.detail?.sha256);
  const notes = await readNotesFor(
    bound.map((c) => c.commit),
    options,
  );
  for (const { commit, statement } of commits) {
    if (!statement) continue;
    const sha = statement.detail?.sha256;
    if (sha) {
      out.set(commit, judgeNote(notes.get(commit), sha));
      continue;
    }
    const unavailable = unavailableDetail(statement.extensions);
    if (unavailable) {
      out.set(commit, {
        result: 'detail-unavailable',
        message: `detail: required (${unavailable.because.join(', ') || 'policy'}), unavailable: ${unavailable.reason}`,
      });
    }
  }
  return out;
}

export function judgeNote(note: string | undefined, sha: string): DetailCheck {
  if (note === undefined || !note.trim()) {
    return {
      result: 'detail-missing',
      message: `the statement binds detail record sha256 ${sha.slice(0, 16)}…, and refs/notes/ai-attest-detail has no record for this commit (not fetched, or lost)`,
    };
  }
  const lines = parseRecordNote(note);
  const records = lines.filter((l): l is DetailRecord => !(l instanceof DetailRecordFormatError));
  if (records.some((r) => recordDigest(r) === sha)) {
    const parts = records.find((r) => recordDigest(r) === sha)!.parts.length;
    return { result: 'ok', message: `detail record bound (${parts} part${parts === 1 ? '' : 's'}, sha256 ${sha.slice(0, 16)}…)` };
  }
  const why = records.length
    ? `its digest is ${recordDigest(records[0]!).slice(0, 16)}…`
    : ((lines[0] as Error | undefined)?.message ?? 'it is empty');
  return {
    result: 'detail-mismatch',
    message: `the detail record in refs/notes/ai-attest-detail is not the one the statement binds (sha256 ${sha.slice(0, 16)}…): ${why}. It was replaced, truncated or edited.`,
  };
}
