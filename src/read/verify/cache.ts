import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ownString } from '../../core/own-string.js';
import type { CommitRecord } from '../../git/log.js';
import { restoreStatement } from '../evaluate/verdict.js';
import type { CheckResult, CommitVerdict, Relation, StatementOrigin, VerdictStatus } from '../evaluate/types.js';
import { writeFileAtomic } from '../../io/atomic-write.js';

const VERSION = 3;
/** Enough for any range people verify; the least recently verified entries go first. */
const MAX_ENTRIES = 250_000;
const STATUSES: ReadonlySet<string> = new Set<VerdictStatus>(['ok', 'carried', 'exempt', 'warn']);

/** A remembered verdict, as the quick path (no git log) gets it. */
export interface KnownVerdict {
  verdict: CommitVerdict;
  subject: string;
  author: { name: string; email: string };
}

interface Entry {
  note: string;
  status: VerdictStatus;
  origin: StatementOrigin | null;
  relation: Relation | null;
  warnings: CheckResult[];
  /** Subject, author name and email: kept for commits with warnings, to show them. */
  who: [string, string, string] | null;
}

/**
 * Verdicts of commits that passed, so that verifying the same range again costs a lookup per
 * commit. An entry is keyed by the commit id (which covers the message, tree, parents and
 * author) and the note's git blob id (computed from the note text, or read from the notes tree
 * without reading any note); the file as a whole by the context digest (keyring, config, rules,
 * tool version), so a changed note, key or policy invalidates it. Failures are never cached:
 * they are few, and some depend on the clock.
 *
 * An entry names where the statement it rests on sits (trailers, note line) rather than holding
 * it, and is one string, split only when looked up: a warm run loads 10,000 entries in
 * milliseconds, and decodes a statement again only when asked for one (--json).
 *
 *   { "version": 3, "digest": "<context digest>", "entries": [
 *       "<commit> <note blob id or -> <status> <origin or -> <relation or -> [<JSON [warnings, who]>]", ... ] }
 *
 * It lives in `$GIT_COMMON_DIR/ai-attest/verify-cache.json`: anyone who can write there can
 * rewrite the repository itself, so trusting it adds no new way in.
 */
export class VerifyCache {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly digest: string,
    /** Commit id -> its line, as read or written. */
    private readonly lines: Map<string, string>,
  ) {}

  static path(commonDir: string): string {
    return join(commonDir, 'ai-attest', 'verify-cache.json');
  }

  static async load(commonDir: string, digest: string): Promise<VerifyCache> {
    const path = VerifyCache.path(commonDir);
    const lines = new Map<string, string>();
    try {
      const file = JSON.parse(await readFile(path, 'utf8')) as { version?: number; digest?: string; entries?: unknown };
      if (file.version === VERSION && file.digest === digest && Array.isArray(file.entries)) {
        for (const line of file.entries) {
          const space = typeof line === 'string' ? line.indexOf(' ') : -1;
          if (space > 0) lines.set(line.slice(0, space), line);
        }
      }
    } catch {
      // missing or damaged: start empty
    }
    return new VerifyCache(path, digest, lines);
  }

  get size(): number {
    return this.lines.size;
  }

  lookup(record: CommitRecord, withStatement: boolean): CommitVerdict | undefined {
    // A commit never seen costs no hashing of its note.
    if (!this.lines.has(record.commit)) return undefined;
    const entry = this.entry(record.commit, noteBlobId(record.note));
    if (!entry) return undefined;
    const statement = withStatement && entry.origin && entry.relation ? restoreStatement(record, entry.origin, entry.relation) : null;
    return { commit: record.commit, status: entry.status, results: entry.warnings, statement };
  }

  /** By the note's blob id ('' for none), without the commit's message or note at hand. */
  lookupById(commit: string, noteBlob: string): KnownVerdict | undefined {
    const entry = this.entry(commit, noteBlob);
    if (!entry) return undefined;
    return {
      verdict: { commit, status: entry.status, results: entry.warnings, statement: null },
      subject: entry.who?.[0] ?? '',
      author: { name: entry.who?.[1] ?? '', email: entry.who?.[2] ?? '' },
    };
  }

  remember(record: CommitRecord, verdict: CommitVerdict): void {
    if (!STATUSES.has(verdict.status)) return;
    const s = verdict.statement;
    const warnings = verdict.results.filter((r) => r.level !== 'pass');
    const fields = [record.commit, noteBlobId(record.note) || '-', verdict.status, s?.origin ?? '-', s?.relation ?? '-'];
    if (warnings.length) fields.push(JSON.stringify([warnings, [subjectOf(record.message), record.authorName, record.authorEmail]]));
    // Kept as a key, the id as read (a slice of git's output) would keep the range's whole log alive.
    const commit = ownString(record.commit);
    this.lines.delete(commit);
    this.lines.set(commit, fields.join(' '));
    this.changed = true;
  }

  /** Atomic (write, then rename); best effort: a cache that cannot be written only costs speed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const all = [...this.lines.values()];
    const kept = all.length > MAX_ENTRIES ? all.slice(all.length - MAX_ENTRIES) : all;
    try {
      await writeFileAtomic(this.path, JSON.stringify({ version: VERSION, digest: this.digest, entries: kept }), { mkdir: true });
      this.changed = false;
    } catch {
      // ignored on purpose
    }
  }

  private entry(commit: string, noteBlob: string): Entry | undefined {
    const line = this.lines.get(commit);
    // "<commit> <note> " first: a changed note fails here, before anything is split.
    const head = `${commit} ${noteBlob || '-'} `;
    if (!line?.startsWith(head)) return undefined;
    const rest = line.slice(head.length);
    const tail = rest.indexOf(' [');
    const [status, origin, relation] = (tail < 0 ? rest : rest.slice(0, tail)).split(' ') as [VerdictStatus, string, string];
    if (!STATUSES.has(status)) return undefined;
    let warnings: CheckResult[] = [];
    let who: Entry['who'] = null;
    if (tail >= 0) {
      try {
        [warnings, who] = JSON.parse(rest.slice(tail + 1)) as [CheckResult[], Entry['who']];
      } catch {
        return undefined;
      }
    }
    return {
      note: noteBlob,
      status,
      origin: !origin || origin === '-' ? null : (origin as StatementOrigin),
      relation: !relation || relation === '-' ? null : (relation as Relation),
      warnings,
      who,
    };
  }
}

/**
 * The id git gives the note's blob: what `git ls-tree` of the notes ref lists. (git log adds a
 * newline to a note that lacks one; such a note reads the same line by line, so sharing a key
 * with its newline-terminated twin changes no verdict.)
 */
function noteBlobId(note: string): string {
  return note ? hash('sha1', `blob ${Buffer.byteLength(note)}\0${note}`, 'hex') : '';
}

/** The first line, copied: a slice would keep the whole message alive. */
export function subjectOf(message: string): string {
  const eol = message.indexOf('\n');
  return ` ${eol < 0 ? message : message.slice(0, eol)}`.slice(1);
}
