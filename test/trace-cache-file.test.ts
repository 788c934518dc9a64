import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TracedCommit } from '../src/read/trace/model.js';
import { TraceCache } from '../src/read/trace/cache.js';

/* The trace cache's file (src/read/trace/cache.ts) on its own: what it keeps, under which key, for how long. */
const dir = mkdtempSync(join(tmpdir(), 'ai-attest-trace-cache-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCOPE = { digest: 'd'.repeat(64), unattested: null };
const NOTES = 'a'.repeat(40);
const id = (i: number) => i.toString(16).padStart(40, '0');

function view(commit: string, status: TracedCommit['verification']['status'] = 'ok'): TracedCommit {
  const person = { name: 'Dev', email: 'dev@example.com', time: '2026-01-01T00:00:00Z' };
  return {
    commit,
    parents: [],
    author: person,
    committer: person,
    subject: `subject of ${commit.slice(-4)}`,
    attestation: {
      ai: 'none',
      verified: true,
      tools: [],
      share: 0,
      sensitive: [],
      attester: null,
      time: null,
      source: null,
      origin: 'trailers',
      relation: 'exact',
      carriedFrom: [],
      detail: { recorded: false, sha256: null },
    },
    verification: { status, problems: [] },
  };
}

async function written(views: TracedCommit[], notes: string | null = NOTES, scope = SCOPE): Promise<void> {
  const cache = TraceCache.read(dir, notes).under(TraceCache.key(scope, notes));
  for (const v of views) cache.remember(v);
  await cache.save();
}

describe('the trace cache file', () => {
  it('gives back what passed, as it was; never a failure', async () => {
    await written([view(id(1)), view(id(2), 'warn'), view(id(3), 'fail')]);
    const file = TraceCache.read(dir, NOTES);
    expect(file.stale).toBe(false);
    const cache = file.under(TraceCache.key(SCOPE, NOTES));
    expect(cache.lookup(id(1))).toEqual(view(id(1)));
    expect(cache.lookup(id(2))).toEqual(view(id(2), 'warn'));
    expect(cache.lookup(id(3))).toBeUndefined();
    expect(cache.lookup(id(4))).toBeUndefined();
  });

  it('holds nothing for other notes, another context or an entry that names another commit', async () => {
    await written([view(id(1))]);
    const other = 'b'.repeat(40);
    expect(TraceCache.read(dir, other).stale).toBe(true);
    expect(TraceCache.read(dir, other).under(TraceCache.key(SCOPE, other)).lookup(id(1))).toBeUndefined();
    expect(TraceCache.read(dir, null).stale).toBe(true);
    const elsewhere = { digest: 'e'.repeat(64), unattested: null };
    expect(TraceCache.read(dir, NOTES).under(TraceCache.key(elsewhere, NOTES)).lookup(id(1))).toBeUndefined();
    const unadopted = { ...SCOPE, unattested: 'ai-attest is not set up at HEAD' };
    expect(TraceCache.read(dir, NOTES).under(TraceCache.key(unadopted, NOTES)).lookup(id(1))).toBeUndefined();
    const path = TraceCache.path(dir);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { commits: Record<string, string> };
    file.commits[id(1)] = JSON.stringify(view(id(2)));
    writeFileSync(path, JSON.stringify(file));
    expect(TraceCache.read(dir, NOTES).under(TraceCache.key(SCOPE, NOTES)).lookup(id(1))).toBeUndefined();
  });

  it('keeps the 500 most recently traced, a view traced again counting as new', async () => {
    rmSync(TraceCache.path(dir), { force: true });
    await written(Array.from({ length: 500 }, (_, i) => view(id(i))));
    // The first one traced again, then one more: the second one is now the oldest, and goes.
    await written([view(id(0)), view(id(500))]);
    const cache = TraceCache.read(dir, NOTES).under(TraceCache.key(SCOPE, NOTES));
    expect(cache.lookup(id(0))).toBeDefined();
    expect(cache.lookup(id(1))).toBeUndefined();
    expect(cache.lookup(id(2))).toBeDefined();
    expect(cache.lookup(id(500))).toBeDefined();
  });
});
