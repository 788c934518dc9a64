import { isoSeconds } from '../core/attest.js';
import { AttestError } from '../errors.js';
import { readNotesFor } from '../git/detail-notes.js';
import { addNoteLines } from '../git/notes.js';
import { repoPaths } from '../git/repo.js';
import { showCommit } from '../read/evaluate/show.js';
import { resolveNotesRemote } from '../sync/remote.js';
import { accessStatement, signAccess } from './access.js';
import { decryptPart } from './crypt.js';
import { AccessNotRecordedError, DetailError, NotRecipientError } from './errors.js';
import { unavailableDetail } from './policy.js';
import { loadReaderKey } from './reader-key.js';
import { DetailRecordFormatError, parseRecordNote, recordDigest } from './record.js';
import { ACCESS_REF, DETAIL_REF, syncSideRef } from './sync.js';
import type { DetailPlaintext, DetailRecord } from './types.js';

export interface OpenDetailOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Why the record is read (an incident or ticket id): required, signed into the access record. */
  reason: string;
  /** The command reading it, recorded: `show`, `trace`. */
  via: string;
  /** An armored secret key file to read with instead of the key store's default key. */
  keyFile?: string;
  keyringDirs?: readonly string[];
  /** Push the access record to the remote (default true; failure to push is reported, not fatal). */
  push?: boolean;
}

export interface OpenedDetail {
  commit: string;
  sha256: string;
  parts: DetailPlaintext[];
  access: { reader: string; decryptionKey: string; time: string; pushed: boolean; pushMessage?: string };
}

/** A reason is a short line of text: an incident or ticket id and a few words. */
export function checkReason(reason: string | undefined): string {
  const text = (reason ?? '').trim();
  if (!text)
    throw new AttestError(
      'reading a detail record needs a reason, recorded in the signed access log: pass --reason "INC-1234 what you investigate".',
    );
  if (text.length > 500 || /[\u0000-\u001f\u007f]/.test(text))
    throw new AttestError('--reason must be one line of at most 500 characters.');
  return text;
}

/**
 * Decrypts the detail record of one commit for its reader, audited: the record must be the one
 * the commit's verified statement binds, the reader one of its recipients, and a signed access
 * record (who, key, when, which record, why) must be in refs/notes/ai-attest-access before a
 * byte of plaintext exists. If the access record cannot be written, nothing is decrypted.
 */
export async function openDetail(rev: string, options: OpenDetailOptions): Promise<OpenedDetail> {
  const reason = checkReason(options.reason);
  const opts = { cwd: options.cwd, env: options.env };
  const shown = await showCommit(rev, { ...opts, keyringDirs: options.keyringDirs ?? [] });
  const commit = shown.commit;
  const statement = shown.statement;
  if (!statement)
    throw new DetailError(
      `commit ${commit.slice(0, 12)} has no valid signed statement, so no detail record can be ` +
        `tied to it (\`ai-attest show ${commit.slice(0, 12)}\` says why).`,
    );
  const sha256 = statement.detail?.sha256;
  if (!sha256) {
    const unavailable = unavailableDetail(statement.extensions);
    throw new DetailError(
      unavailable
        ? `commit ${commit.slice(0, 12)} has no detail record: its statement says "detail: required, unavailable: ${unavailable.reason}".`
        : `commit ${commit.slice(0, 12)} has no detail record: the policy kept none for it.`,
    );
  }
  const record = await boundRecord(commit, sha256, opts);
  const reader = await loadReaderKey({ env: options.env, keyFile: options.keyFile });
  const readable = record.parts.filter((p) => p.recipients.includes(reader.fingerprint));
  if (readable.length === 0) {
    const recipients = [...new Set(record.parts.flatMap((p) => p.recipients))];
    throw new NotRecipientError(
      `your key ${reader.fingerprint} is not a recipient of the detail record of commit ` +
        `${commit.slice(0, 12)} (recipients: ${recipients.join(', ')}). ` +
        'Only the compliance recipients can read it: ask one of them, or have them re-encrypt it to your key (`ai-attest detail rotate`).',
    );
  }

  // The access record first; without it, no decryption.
  const time = isoSeconds(new Date());
  const statementOut = accessStatement(
    { decryptionKey: reader.decryptionKey, time, record: { commit, sha256, parts: readable.map((p) => p.id) }, reason, via: options.via },
    reader.signer,
  );
  const line = signAccess(statementOut, reader.signer);
  const paths = await repoPaths(opts);
  try {
    await addNoteLines(commit, [line], { ...opts, commonDir: paths.commonDir }, ACCESS_REF);
  } catch (error) {
    throw new AccessNotRecordedError(
      `the access record could not be written to ${ACCESS_REF} (` +
        `${(error as Error).message.split('\n')[0]}): nothing is shown. Fix the cause and try ` +
        `again.`,
    );
  }
  let pushed = false;
  let pushMessage: string | undefined;
  if (options.push !== false) {
    try {
      const remote = await resolveNotesRemote(undefined, opts);
      const result = await syncSideRef(remote, ACCESS_REF, { ...opts, commonDir: paths.commonDir, pushFirst: true });
      pushed = result.ok && result.pushed;
      if (!result.ok) pushMessage = result.message;
    } catch (error) {
      pushMessage = (error as Error).message;
    }
  }

  const parts: DetailPlaintext[] = [];
  for (const part of readable) {
    const plain = JSON.parse(Buffer.from(await decryptPart(part, reader.privateKey)).toString('utf8')) as DetailPlaintext;
    if (plain.id !== part.id)
      throw new DetailError(
        `part ${part.id} of the detail record of ${commit.slice(0, 12)} decrypts to part ` +
          `${String(plain.id)}: the record was tampered with.`,
      );
    parts.push(plain);
  }
  return {
    commit,
    sha256,
    parts,
    access: { reader: reader.fingerprint, decryptionKey: reader.decryptionKey, time, pushed, ...(pushMessage ? { pushMessage } : {}) },
  };
}

/** The line of the commit's detail note whose digest the statement binds; anything else is refused. */
export async function boundRecord(commit: string, sha256: string, opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DetailRecord> {
  const note = (await readNotesFor([commit], opts, DETAIL_REF)).get(commit);
  if (!note)
    throw new DetailError(`no detail record for commit ${commit.slice(0, 12)} in ${DETAIL_REF}: fetch it with \`ai-attest sync\`.`);
  const record = parseRecordNote(note).find(
    (r): r is DetailRecord => !(r instanceof DetailRecordFormatError) && recordDigest(r) === sha256,
  );
  if (!record)
    throw new DetailError(
      `the detail record of commit ${commit.slice(0, 12)} is not the one its signed statement ` +
        `binds (sha256 ${sha256.slice(0, 16)}…): it was replaced or edited; nothing is shown. ` +
        `\`ai-attest verify\` reports it.`,
    );
  return record;
}
