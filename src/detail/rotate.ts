import { withNotesLock, writeNote } from '../git/notes.js';
import { listNotedCommits, readNotesFor } from '../git/detail-notes.js';
import { repoPaths } from '../git/repo.js';
import { reencryptPart } from './crypt.js';
import { loadReaderKey } from './reader-key.js';
import { loadRecipients } from './recipients.js';
import { DetailError } from './errors.js';
import { detailTrustRevision } from './trust.js';
import { buildRecord, DetailRecordFormatError, parseRecordNote, recordNote } from './record.js';
import { DETAIL_REF } from './sync.js';
import type { SealedPart } from './types.js';

export interface RotateOutcome {
  recipients: string[];
  commits: Array<{ commit: string; rotated: number; skipped: number }>;
}

/**
 * Re-encrypts the detail records to the recipients committed at `rev` (default: the trust
 * revision, as for sealing, so a branch's own recipient never receives old records): each
 * part's session key is decrypted with the rotating recipient's key and encrypted to the new
 * set. The encrypted data, and the digest the statements bind, do not change. Parts the
 * rotating key cannot read are left as they are and counted, so a second recipient can finish.
 */
export async function rotateRecipients(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  rev?: string;
  keyFile?: string;
  commits?: readonly string[];
}): Promise<RotateOutcome> {
  const opts = { cwd: options.cwd, env: options.env };
  const { recipients } = await loadRecipients({ ...opts, rev: options.rev ?? (await trustedRev(opts)) });
  const reader = await loadReaderKey({ env: options.env, keyFile: options.keyFile });
  const noted = await listNotedCommits(opts, DETAIL_REF);
  const commits = options.commits ? noted.filter((c) => options.commits!.includes(c)) : noted;
  const notes = await readNotesFor(commits, opts, DETAIL_REF);
  const wanted = recipients
    .map((r) => r.fingerprint)
    .sort()
    .join(',');
  const { commonDir } = await repoPaths(opts);
  const out: RotateOutcome = { recipients: recipients.map((r) => r.fingerprint).sort(), commits: [] };
  for (const [commit, text] of notes) {
    let rotated = 0;
    let skipped = 0;
    const lines: string[] = [];
    for (const record of parseRecordNote(text)) {
      if (record instanceof DetailRecordFormatError) continue;
      const parts: SealedPart[] = [];
      for (const part of record.parts) {
        if ([...part.recipients].sort().join(',') === wanted) parts.push(part);
        else if (!part.recipients.includes(reader.fingerprint)) {
          parts.push(part);
          skipped++;
        } else {
          parts.push(await reencryptPart(part, reader.privateKey, recipients));
          rotated++;
        }
      }
      lines.push(recordNote(buildRecord(parts)).trim());
    }
    if (rotated === 0) {
      out.commits.push({ commit, rotated, skipped });
      continue;
    }
    // Replaced, not appended: the old session keys must not stay beside the new ones.
    const body = `${[...new Set(lines)].join('\n')}\n`;
    await withNotesLock(commonDir, () => writeNote(commit, body, opts, DETAIL_REF));
    out.commits.push({ commit, rotated, skipped });
  }
  return out;
}

async function trustedRev(opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const { gitDir } = await repoPaths(opts);
  const trust = await detailTrustRevision(opts, gitDir);
  if (!trust.commit) throw new DetailError(`${trust.description}: name the revision whose recipients to rotate to with --rev.`);
  return trust.commit;
}
