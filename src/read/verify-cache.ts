import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CommitRecord } from '../git/log.js';
import { restoreStatement } from './evaluate/verdict.js';
import type { CheckResult, CommitVerdict, Relation, StatementOrigin, VerdictStatus } from './evaluate/types.js';

const VERSION = 2;
/** Enough for any range people verify; the least recently verified entries go first. */
const MAX_ENTRIES = 250_000;

/** The warnings of a passing commit are kept; its passes are implied by the status. */
type Entry = [noteHash: string, status: VerdictStatus, origin: StatementOrigin | null, relation: Relation | null, warnings: CheckResult[]];

interface CacheFile {
  version: number;
  digest: string;
  entries: Record<string, Entry>;
}

/**
 * Verdicts of commits that passed, so that verifying the same range again costs one git log
 * and a lookup per commit. An entry is keyed by the commit id (which covers the message, tree,
 * parents and author) and a hash of the note; the file as a whole by the context digest
 * (keyring, config, rules, tool version), so a changed note, key or policy invalidates it.
 * Failures are never cached: they are few, and some depend on the clock.
 *
 * An entry names where the statement it rests on sits (trailers, note line) rather than holding
 * it: the file stays small to load, and the statement is decoded again only when asked for (--json).
 *
 * It lives in `$GIT_COMMON_DIR/ai-attest/verify-cache.json`: anyone who can write there can
 * rewrite the repository itself, so trusting it adds no new way in.
 */
export class VerifyCache {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly digest: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  static path(commonDir: string): string {
    return join(commonDir, 'ai-attest', 'verify-cache.json');
  }

  static async load(commonDir: string, digest: string): Promise<VerifyCache> {
    const path = VerifyCache.path(commonDir);
    let entries = new Map<string, Entry>();
    try {
      const file = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
      if (file.version === VERSION && file.digest === digest && file.entries && typeof file.entries === 'object') {
        entries = new Map(Object.entries(file.entries));
      }
    } catch {
      // missing or damaged: start empty
    }
    return new VerifyCache(path, digest, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The remembered verdict; its statement is decoded from the record only with `withStatement`. */
  lookup(record: CommitRecord, withStatement: boolean): CommitVerdict | undefined {
    const entry = this.entries.get(record.commit);
    if (!entry || entry[0] !== noteHash(record.note)) return undefined;
    const [, status, origin, relation, warnings] = entry;
    const statement = withStatement && origin && relation ? restoreStatement(record, origin, relation) : null;
    return { commit: record.commit, status, results: warnings, statement };
  }

  remember(record: CommitRecord, verdict: CommitVerdict): void {
    if (verdict.status === 'fail') return;
    const s = verdict.statement;
    this.entries.delete(record.commit);
    this.entries.set(record.commit, [noteHash(record.note), verdict.status, s?.origin ?? null, s?.relation ?? null, verdict.results.filter((r) => r.level !== 'pass')]);
    this.changed = true;
  }

  /** Atomic (write, then rename); best effort: a cache that cannot be written only costs speed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const all = [...this.entries];
    const kept = all.length > MAX_ENTRIES ? all.slice(all.length - MAX_ENTRIES) : all;
    const file: CacheFile = { version: VERSION, digest: this.digest, entries: Object.fromEntries(kept) };
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(file));
      await rename(tmp, this.path);
      this.changed = false;
    } catch {
      // ignored on purpose
    }
  }
}

function noteHash(note: string): string {
  return note ? createHash('sha256').update(note).digest('base64').slice(0, 22) : '';
}
