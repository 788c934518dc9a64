import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../io/atomic-write-sync.js';
import { type CacheScope, KEPT_STATUSES } from '../verify/cache-scope.js';
import type { TracedCommit } from './model.js';

const VERSION = 1;
/**
 * A trace names tens of commits; the least recently traced go first. The whole file is parsed on
 * every trace: 500 views are ~450 KB, ~1 ms of JSON.parse (2,000 would be ~3.5 ms).
 */
const MAX_ENTRIES = 500;

/**
 * What a trace shows of each commit (TracedCommit: author, committer, subject, the attestation
 * and its verification), so that a trace of commits traced before needs neither their `git log`
 * nor their evaluation: only blame (and log -L). A commit's view depends on the commit (its id
 * covers message, tree, parents and people), its note, and verify's context (keyring, config,
 * rules, tool version: EvaluationContext.digest, and the trust revision where ai-attest is not set
 * up: CacheScope). The file is keyed by all of that at once, the notes as the notes ref's tip (any
 * note added, changed or removed moves it), so a changed note, key or policy empties it. Only
 * views of commits that pass are kept, as in verify's cache. It lives beside verify's cache in
 * `$GIT_COMMON_DIR/ai-attest/`, with the same trust argument: whoever can write there can rewrite
 * the repository itself.
 *
 *   { "version": 1, "key": "[1, context digest, unattested message, notes tip]", "notes": "<notes tip or null>",
 *     "commits": { "<commit>": "<TracedCommit as JSON>", ... } }
 *
 * Each view stays a string until it is looked up: a trace reads a handful of the entries. The
 * notes tip is there too, on its own, so that a trace can tell before verify's context has loaded
 * that the notes moved (a commit was made since) and start reading its commits at once.
 */
export class TraceCache {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly key: string,
    private readonly notes: string | null,
    /** Commit id -> its view as JSON, oldest first. */
    private readonly entries: Map<string, string>,
  ) {}

  static path(commonDir: string): string {
    return join(commonDir, 'ai-attest', 'trace-cache.json');
  }

  /**
   * The key of the views that hold under this scope with these notes (the notes ref's tip, null
   * for none): the values themselves, unambiguously (a JSON array), compared as a string.
   */
  static key(scope: CacheScope, notes: string | null): string {
    return JSON.stringify([VERSION, scope.digest, scope.unattested, notes]);
  }

  /**
   * The file as it is, for these notes (the notes ref's tip, null for none): synchronous, a small
   * file read while git's output is still on its way. `stale`: written for other notes.
   */
  static read(commonDir: string, notes: string | null): TraceCacheFile {
    const path = TraceCache.path(commonDir);
    let file: { version?: unknown; key?: unknown; notes?: unknown; commits?: unknown } = {};
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as typeof file;
    } catch {
      // missing or damaged: empty
    }
    const usable = file?.version === VERSION && typeof file.key === 'string' && file.commits && typeof file.commits === 'object';
    return {
      stale: !usable || file.notes !== notes,
      under(key) {
        const entries = new Map<string, string>();
        if (usable && file.key === key && !this.stale) {
          for (const [id, view] of Object.entries(file.commits as object)) if (typeof view === 'string') entries.set(id, view);
        }
        return new TraceCache(path, key, notes, entries);
      },
    };
  }

  lookup(commit: string): TracedCommit | undefined {
    const text = this.entries.get(commit);
    if (text === undefined) return undefined;
    try {
      const view = JSON.parse(text) as TracedCommit;
      return view?.commit === commit && KEPT_STATUSES.has(view.verification?.status) ? view : undefined;
    } catch {
      return undefined;
    }
  }

  /** Kept when it passes; the newest last. */
  remember(view: TracedCommit): void {
    if (!KEPT_STATUSES.has(view.verification.status)) return;
    this.entries.delete(view.commit);
    this.entries.set(view.commit, JSON.stringify(view));
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(oldest);
    }
    this.changed = true;
  }

  /**
   * Atomic (write, then rename); best effort: a cache that cannot be written only costs speed.
   * Synchronous, like the read: node:fs/promises is not loaded for one small file.
   */
  save(): void {
    if (!this.changed) return;
    try {
      const commits = Object.fromEntries(this.entries);
      writeFileAtomicSync(this.path, `${JSON.stringify({ version: VERSION, key: this.key, notes: this.notes, commits })}\n`, {
        mkdir: true,
      });
      this.changed = false;
    } catch {
      // ignored on purpose
    }
  }
}

export interface TraceCacheFile {
  /** Written for other notes, or not at all: none of it holds. */
  stale: boolean;
  /** Its views that hold under this key (TraceCache.key of the context and the same notes). */
  under(key: string): TraceCache;
}
