import { hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommitRecord } from '../../git/log.js';
import { restoreStatement } from '../evaluate/verdict.js';
import type { CheckResult, CommitVerdict, Relation, StatementOrigin, VerdictStatus } from '../evaluate/types.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { type CacheScope, KEPT_STATUSES } from './cache-scope.js';

const VERSION = 4;
/** Enough for any range people verify; the least recently verified entries go first. */
const MAX_ENTRIES = 250_000;
/** Entries per piece of the file as it is written: a piece is a few hundred KB, never the whole file. */
const PIECE = 2_000;

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
 * Verdicts of commits that passed (with or without warnings), so that verifying the same range
 * again costs a lookup per commit. An entry is keyed by the commit id (which covers the message,
 * tree, parents and author) and the note's git blob id (computed from the note text, or read
 * from the notes tree without reading any note); the file as a whole by the context digest
 * (keyring, config, rules, tool version), so a changed note, key or policy invalidates it.
 * Failures are never cached: they are few, and some depend on the clock.
 *
 * An entry names where the statement it rests on sits (trailers, note line) rather than holding
 * it, and is one string, split only when looked up: a warm run loads 10,000 entries in
 * milliseconds, and decodes a statement again only when asked for one (--json). Warnings are
 * kept once per distinct list in `warnings` and named by their index: a history that never
 * adopted ai-attest has the same `unattested` warning on tens of thousands of commits. An entry
 * whose warnings say `unattested` holds only while ai-attest is still not set up at the trusted
 * revision, and that revision is the same (its message names it): see CacheScope.
 *
 *   { "version": 4, "digest": "<context digest>", "warnings": ["<JSON warnings>", ...], "entries": [
 *       "<commit> <note blob id or -> <status> <origin or -> <relation or -> [<warnings index> <JSON who>]", ... ] }
 *
 * It is written in pieces (memory stays bounded whatever the range) and lives in
 * `$GIT_COMMON_DIR/ai-attest/verify-cache.json`: anyone who can write there can rewrite the
 * repository itself, so trusting it adds no new way in.
 */
export class VerifyCache {
  private changed = false;
  /**
   * Entries remembered in this run, already as the file's text: pieces of PIECE entries, each
   * one string. 80,000 of them as map entries were most of a cold run's garbage collection (each
   * promoted to the old generation); a range lists each commit once, so none is looked up again.
   */
  private readonly fresh: string[] = [];
  private freshPiece: string[] = [];
  /** The warnings remembered last and their index. */
  private last: { warnings: CheckResult[]; index: number } | null = null;
  private readonly decoded = new Map<number, CheckResult[]>();

  private constructor(
    private readonly path: string,
    private readonly scope: CacheScope,
    /** Commit id -> its line, as read or written. */
    private readonly lines: Map<string, string>,
    /** Distinct warning lists as JSON, as read or added. */
    private readonly warnings: string[],
    /** Index of each list that holds in this scope; entries naming another miss (and are kept, for the scope they hold in). */
    private readonly warningIndex: Map<string, number>,
  ) {}

  static path(commonDir: string): string {
    return join(commonDir, 'ai-attest', 'verify-cache.json');
  }

  static async load(commonDir: string, scope: CacheScope): Promise<VerifyCache> {
    const path = VerifyCache.path(commonDir);
    const lines = new Map<string, string>();
    const warnings: string[] = [];
    try {
      const file = JSON.parse(await readFile(path, 'utf8')) as { version?: number; digest?: string; warnings?: unknown; entries?: unknown };
      if (file.version === VERSION && file.digest === scope.digest && Array.isArray(file.entries) && Array.isArray(file.warnings)) {
        for (const list of file.warnings) warnings.push(typeof list === 'string' ? list : '');
        for (const line of file.entries) {
          const space = typeof line === 'string' ? line.indexOf(' ') : -1;
          if (space > 0) lines.set(line.slice(0, space), line);
        }
      }
    } catch {
      // missing or damaged: start empty
    }
    const index = new Map<string, number>();
    warnings.forEach((list, i) => holds(list, scope) && index.set(list, i));
    return new VerifyCache(path, scope, lines, warnings, index);
  }

  get size(): number {
    return this.lines.size + this.fresh.length * PIECE + this.freshPiece.length;
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
    if (!KEPT_STATUSES.has(verdict.status)) return;
    const s = verdict.statement;
    // Most verdicts of a long range pass with nothing to say: no list of warnings made for them.
    const warnings = verdict.results.some((r) => r.level !== 'pass') ? verdict.results.filter((r) => r.level !== 'pass') : null;
    let line = `${record.commit} ${noteBlobId(record.note) || '-'} ${verdict.status} ${s?.origin ?? '-'} ${s?.relation ?? '-'}`;
    if (warnings)
      line += ` ${this.warningsIndex(warnings)} ${JSON.stringify([subjectOf(record.message), record.authorName, record.authorEmail])}`;
    // The entry read from the file, if any, gives way to this one (written after them, as the newest).
    if (this.lines.size) this.lines.delete(record.commit);
    this.freshPiece.push(JSON.stringify(line));
    if (this.freshPiece.length === PIECE) {
      this.fresh.push(this.freshPiece.join(',\n'));
      this.freshPiece = [];
    }
    this.changed = true;
  }

  /** Atomic (write, then rename), in pieces; best effort: a cache that cannot be written only costs speed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    try {
      await writeFileAtomic(this.path, this.pieces(), { mkdir: true });
      this.changed = false;
    } catch {
      // ignored on purpose
    }
  }

  /** The file, a few thousand entries at a time: only the newest MAX_ENTRIES are kept. */
  private *pieces(): Generator<string> {
    yield `{"version":${VERSION},"digest":${JSON.stringify(this.scope.digest)},"warnings":${JSON.stringify(this.warnings)},"entries":[`;
    let skip = Math.max(0, this.size - MAX_ENTRIES);
    let piece: string[] = [];
    let first = true;
    const out = (text: string) => {
      const chunk = `${first ? '' : ','}\n${text}`;
      first = false;
      return chunk;
    };
    for (const line of this.lines.values()) {
      if (skip > 0) {
        skip--;
        continue;
      }
      piece.push(JSON.stringify(line));
      if (piece.length < PIECE) continue;
      yield out(piece.join(',\n'));
      piece = [];
    }
    if (piece.length) yield out(piece.join(',\n'));
    for (const text of [...this.fresh, this.freshPiece.join(',\n')]) {
      if (!text) continue;
      if (skip === 0) {
        yield out(text);
        continue;
      }
      // A range longer than MAX_ENTRIES: its oldest entries go too. (An entry's JSON holds no raw newline.)
      const entries = text.split(',\n');
      const dropped = Math.min(skip, entries.length);
      skip -= dropped;
      if (dropped < entries.length) yield out(entries.slice(dropped).join(',\n'));
    }
    yield '\n]}\n';
  }

  /** The list's index; a run of commits with the same warnings (a history of `unattested` ones) costs a comparison each. */
  /**
   * A list's results, decoded once and shared by every verdict that names it (each gets its own
   * array): 75,000 unattested commits hold one warning object, not 75,000 copies.
   */
  private parsed(index: number, json: string): readonly CheckResult[] {
    let list = this.decoded.get(index);
    if (!list) {
      list = JSON.parse(json) as CheckResult[];
      this.decoded.set(index, list);
    }
    return list;
  }

  private warningsIndex(warnings: CheckResult[]): number {
    const last = this.last;
    if (last && sameResults(last.warnings, warnings)) return last.index;
    const json = JSON.stringify(warnings);
    let i = this.warningIndex.get(json);
    if (i === undefined) {
      i = this.warnings.length;
      this.warnings.push(json);
      this.warningIndex.set(json, i);
    }
    this.last = { warnings, index: i };
    return i;
  }

  private entry(commit: string, noteBlob: string): Entry | undefined {
    const line = this.lines.get(commit);
    // "<commit> <note> " first: a changed note fails here, before anything is split.
    const head = `${commit} ${noteBlob || '-'} `;
    if (!line?.startsWith(head)) return undefined;
    const [status, origin, relation, index, ...who] = line.slice(head.length).split(' ') as [
      VerdictStatus,
      string,
      string,
      string?,
      ...string[],
    ];
    if (!KEPT_STATUSES.has(status)) return undefined;
    let warnings: CheckResult[] = [];
    let people: Entry['who'] = null;
    if (index !== undefined) {
      const list = this.warnings[Number(index)];
      if (list === undefined || this.warningIndex.get(list) !== Number(index)) return undefined;
      try {
        warnings = [...this.parsed(Number(index), list)];
        people = JSON.parse(who.join(' ')) as Entry['who'];
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
      who: people,
    };
  }
}

function sameResults(a: readonly CheckResult[], b: readonly CheckResult[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => {
      const o = b[i]!;
      // Same keys in the same order: the list is kept as the JSON of the first one.
      const keys = Object.keys(r);
      const other = Object.keys(o);
      return (
        keys.length === other.length && keys.every((k, j) => k === other[j] && r[k as keyof CheckResult] === o[k as keyof CheckResult])
      );
    })
  );
}

/**
 * Whether a remembered list of warnings still holds in this scope: an `unattested` warning only
 * while ai-attest is not set up at the trusted revision, worded as it would be now.
 */
function holds(json: string, scope: CacheScope): boolean {
  try {
    const list = JSON.parse(json) as unknown;
    return (
      Array.isArray(list) &&
      (list as CheckResult[]).every((r) => r.result !== 'unattested' || (scope.unattested !== null && r.message === scope.unattested))
    );
  } catch {
    return false;
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
