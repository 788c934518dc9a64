import type { DetailPolicy } from '../config/types.js';
import { readNotesFor } from '../git/detail-notes.js';
import type { GitOptions } from '../git/run.js';
import { readTreeFolder } from '../git/tree-files.js';
import { keyIdsOfFiles, untrustedKeyIds } from './key-ids.js';
import { RECIPIENT_KEY_FILE, unavailableDetail } from './policy.js';
import { DetailRecordFormatError, parseRecordNote, recordDigest } from './record.js';
import type { DetailRecord } from './types.js';

/** What verify can say of a commit's detail tier from its signed statement and its detail note. */
export type DetailCheck =
  | { result: 'ok'; message: string }
  | { result: 'detail-unavailable'; message: string }
  | { result: 'detail-missing'; message: string }
  | { result: 'detail-mismatch'; message: string }
  | { result: 'detail-recipients'; message: string };

export interface StatementDetail {
  detail?: { sha256: string };
  extensions?: Record<string, unknown>;
}

/**
 * Whether checkDetailRecords can say anything of this statement: it binds a detail record, or
 * says one was required and unavailable. verify holds only those commits back for the check.
 */
export function detailCheckApplies(statement: StatementDetail | null): boolean {
  return statement !== null && (!!statement.detail?.sha256 || unavailableDetail(statement.extensions) !== null);
}

/** Where the trusted recipients are: the trust revision, its detail policy and keyring folder. */
export interface DetailTrustInput {
  commit: string | null;
  policy: DetailPolicy | undefined;
  /** The trusted keyring folder: its keys may read too where the policy says `developerReads`. */
  keyring: string;
}

/**
 * Checks the detail record each statement binds: the note must hold a record whose digest is the
 * signed one (a swapped, truncated or edited record is a mismatch). A statement that says the
 * record was required and unavailable is reported as such. One `git notes list` and one batched
 * read, only when some statement binds a record.
 *
 * With the trust revision given, a bound record must also be sealed to trusted readers only: the
 * key ids of its session-key packets against the trust revision's recipients (git reads only
 * when some record is bound). A key outside them (a recipient a branch added, an old client, a
 * recipient removed since and not rotated out) is `detail-recipients`.
 */
export async function checkDetailRecords(
  commits: ReadonlyArray<{ commit: string; statement: StatementDetail | null }>,
  options: GitOptions,
  trust?: DetailTrustInput,
): Promise<Map<string, DetailCheck>> {
  const out = new Map<string, DetailCheck>();
  const bound = commits.filter((c) => c.statement?.detail?.sha256);
  const notes = await readNotesFor(
    bound.map((c) => c.commit),
    options,
  );
  let trusted: Promise<TrustedReaders | null> | undefined;
  for (const { commit, statement } of commits) {
    if (!statement) continue;
    const sha = statement.detail?.sha256;
    if (sha) {
      const judged = judgeNote(notes.get(commit), sha);
      const record = judged.result === 'ok' ? boundRecord(notes.get(commit), sha) : null;
      if (record && trust?.commit) {
        trusted ??= trustedReaders(trust, options);
        const readers = await trusted;
        if (readers) {
          out.set(commit, judgeRecipients(record, readers, judged.message));
          continue;
        }
      }
      out.set(commit, judged);
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

interface TrustedReaders {
  /** Key id of each trusted key and subkey -> its primary fingerprint. */
  keyIds: Map<string, string>;
  recipients: number;
  folder: string;
}

async function trustedReaders(trust: DetailTrustInput, options: GitOptions): Promise<TrustedReaders | null> {
  if (!trust.commit || !trust.policy) return null;
  const keyFiles = (folder: string) =>
    readTreeFolder(trust.commit!, folder, options).then((files) => files.filter((f) => RECIPIENT_KEY_FILE.test(f.path)));
  const recipients = await keyFiles(trust.policy.recipients);
  const keyIds = keyIdsOfFiles(recipients);
  const count = new Set(keyIds.values()).size;
  if (trust.policy.developerReads) for (const [id, fpr] of keyIdsOfFiles(await keyFiles(trust.keyring))) keyIds.set(id, fpr);
  return { keyIds, recipients: count, folder: trust.policy.recipients };
}

function boundRecord(note: string | undefined, sha: string): DetailRecord | null {
  const records = parseRecordNote(note ?? '').filter((l): l is DetailRecord => !(l instanceof DetailRecordFormatError));
  return records.find((r) => recordDigest(r) === sha) ?? null;
}

function judgeRecipients(record: DetailRecord, readers: TrustedReaders, bound: string): DetailCheck {
  const outside = untrustedKeyIds(record.parts, readers.keyIds);
  if (outside.length === 0) {
    return {
      result: 'ok',
      message: `${bound}, sealed only to the trust revision's recipients (${readers.recipients} in ${readers.folder}/)`,
    };
  }
  return {
    result: 'detail-recipients',
    message:
      `the detail record is sealed to key${outside.length === 1 ? '' : 's'} ` +
      `${outside.join(', ')}, not among the trust revision's recipients (${readers.folder}/): ` +
      `whoever holds ${outside.length === 1 ? 'it' : 'them'} can read its prompts and raw output. ` +
      `A recipient removed since: re-encrypt with \`ai-attest detail rotate\`; otherwise find out ` +
      `how the key got in.`,
  };
}

export function judgeNote(note: string | undefined, sha: string): DetailCheck {
  if (note === undefined || !note.trim()) {
    return {
      result: 'detail-missing',
      message:
        `the statement binds detail record sha256 ${sha.slice(0, 16)}…, and ` +
        `refs/notes/ai-attest-detail has no record for this commit (not fetched, or lost)`,
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
    message:
      `the detail record in refs/notes/ai-attest-detail is not the one the statement binds ` +
      `(sha256 ${sha.slice(0, 16)}…): ${why}. It was replaced, truncated or edited.`,
  };
}
