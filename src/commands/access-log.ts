import { verifyAccessNotes, type AccessEntry } from '../detail/access.js';
import { ACCESS_REF } from '../detail/sync.js';
import { listNotedCommits, readNotesFor } from '../git/detail-notes.js';
import { commitsOf } from '../git/ranges.js';
import { loadEvaluationContext } from '../read/evaluate.js';
import { resolveRange } from '../read/range.js';
import { writeFully } from '../read/verify/output.js';
import { colours } from '../ui/output.js';
import { safeJson, safeText } from '../ui/safe-text.js';

export const ACCESS_LOG_SCHEMA = 'ai-attest/access-log@1';

export interface AccessLogOptions {
  json?: boolean;
  keyring?: string[];
}

/**
 * Every signed access record to the detail records of a range (all of them without one), each
 * checked against the trusted keyring: a record that does not verify is listed as such, never
 * dropped. Exit status 1 when one does not verify.
 */
export async function runAccessLog(range: string[], options: AccessLogOptions): Promise<void> {
  const opts = { cwd: process.cwd(), env: process.env };
  const noted = await listNotedCommits(opts, ACCESS_REF);
  const wanted = range.length ? new Set(await commitsOf(await resolveRange(range, opts), opts)) : null;
  const commits = wanted ? noted.filter((c) => wanted.has(c)) : noted;
  const [notes, ctx] = await Promise.all([
    readNotesFor(commits, opts, ACCESS_REF),
    loadEvaluationContext({ ...opts, keyringDirs: options.keyring ?? [] }),
  ]);
  const entries = verifyAccessNotes(notes, ctx.keyring);
  const failed = entries.filter((e) => e.verification !== 'verified').length;
  if (options.json) {
    const document = {
      schema: ACCESS_LOG_SCHEMA,
      range: range.join(' ') || 'all',
      entries,
      summary: { records: entries.length, unverified: failed },
    };
    await writeFully(process.stdout, `${safeJson(JSON.stringify(document, null, 2))}\n`);
  } else {
    await writeFully(process.stdout, await text(entries));
  }
  if (failed) process.exitCode = 1;
}

async function text(entries: AccessEntry[]): Promise<string> {
  const c = await colours();
  if (entries.length === 0) return 'no access records\n';
  const out = entries.map((e) => {
    const mark = e.verification === 'verified' ? c.green('verified') : c.red(e.verification);
    const a = e.access;
    if (!a) return `${mark}  commit ${e.commit.slice(0, 12)}  ${safeText(e.message)}`;
    return [
      `${safeText(a.time)}  ${mark}  commit ${e.commit.slice(0, 12)}  record sha256 ${safeText(String(a.record.sha256)).slice(0, 16)}…`,
      `    reader ${safeText(a.reader.name)} <${safeText(a.reader.email)}> key ` +
        `${safeText(a.reader.key)}, decrypted with ${safeText(String(a.decryptionKey))} via ` +
        `${safeText(String(a.via))}`,
      `    reason ${safeText(a.reason)}${e.verification === 'verified' ? '' : `\n    ${safeText(e.message)}`}`,
    ].join('\n');
  });
  return `${out.join('\n')}\n`;
}
