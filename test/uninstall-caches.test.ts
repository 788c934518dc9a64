// @module-tag git
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureNotes } from '../src/detect/capture-index.js';
import { CACHE_FILES } from '../src/install/caches.js';
import { initRepo } from './helpers/attested.js';
import { PROJECT_ROOT, type Repo } from './helpers/repo.js';

/** What stays under `ai-attest/` after uninstall, and why: data or state no read can rebuild. */
const KEPT: Record<string, string> = {
  'install.json': 'the install record: uninstall removes it itself, after undoing what it records',
  hooks: 'the stubs folder: uninstall removes the stubs and the folder when it is empty',
  pending: 'signed note lines and detail waiting for post-commit: a commit would lose its note',
  unfiled: 'notes post-commit could not file, for `ai-attest notes flush`',
  detail: 'sealed detail parts waiting for their commit',
  'detail-trust.json': "the detail tier's trust state",
  'capture-prefill.json': "capture's answers handed to the commit in progress",
  'events.jsonl': 'captured agent events not yet used by a commit',
  'capture-archive': 'captured events bound to their commits',
  'seal-queue': 'detail waiting to be sealed',
  'seal-queue.lock': 'a lock held by a running process',
  'notes.lock': 'a lock held by a running process',
  'sync-state.json': "sync's record of failed pushes, for status and doctor",
  'publish-index.': "a temporary index of sync's own, removed by the process that made it",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe("uninstall and the read commands' caches", () => {
  it('knows every file the source keeps under ai-attest/ as a cache (removed) or as kept data', () => {
    const names = new Set<string>();
    for (const file of sourceFiles(join(PROJECT_ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/join\([^()]*'ai-attest', [`']([^`'$]+)/g)) {
        if (!relative(PROJECT_ROOT, file).startsWith('src/install/schema-ref')) names.add(m[1]!);
      }
    }
    for (const c of CACHE_FILES) expect(names, `${c} is no longer written: take it out of CACHE_FILES`).toContain(c);
    const unknown = [...names].filter((n) => !(CACHE_FILES as readonly string[]).includes(n) && !(n in KEPT));
    expect(unknown, 'a new file under ai-attest/: a cache goes in CACHE_FILES (src/install/caches.ts), data in KEPT').toEqual([]);
    for (const c of CACHE_FILES) expect(KEPT).not.toHaveProperty(c);
  });

  describe('in a repository whose reads made their caches', () => {
    let repo: Repo;
    let dir: string;
    beforeAll(async () => {
      repo = initRepo();
      for (const name of ['a', 'b']) {
        repo.write(name, `${name}\n`);
        repo.git(['add', '-A']);
        repo.git(['commit', '-q', '-m', `add ${name}`], { env: { AI_ATTEST_TOOLS: 'none' } });
      }
      for (const args of [
        ['verify', 'HEAD'],
        ['report', 'HEAD'],
      ])
        expect(repo.cli(args).status, args.join(' ')).toBe(0);
      // detect keeps its capture search only for ranges of 1,000 commits; the search itself writes the file.
      await captureNotes({ cwd: repo.dir, env: repo.env });
      dir = join(repo.dir, '.git', 'ai-attest');
    });
    afterAll(() => repo.sandbox.cleanup());

    it('removes every cache, detect-capture.json with the others, and keeps the rest', () => {
      const before = readdirSync(dir).sort();
      expect(before).toEqual(expect.arrayContaining(['detect-capture.json', 'verify-cache.json', 'trust-cache.json', 'pending']));
      const r = repo.cli(['uninstall', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const removed = (JSON.parse(r.stdout) as { caches: string[] }).caches;
      expect(removed).toEqual(CACHE_FILES.filter((c) => before.includes(c)));
      expect(removed).toContain('detect-capture.json');
      expect(readdirSync(dir).sort()).toEqual(before.filter((n) => !removed.includes(n) && n !== 'install.json'));
    });

    it('the reads still work after, and make their caches again', () => {
      const again = repo.cli(['verify', 'HEAD']);
      expect(again.status, again.stderr).toBe(0);
      expect(existsSync(join(dir, 'verify-cache.json'))).toBe(true);
      const second = repo.cli(['uninstall']);
      expect(second.stdout).toMatch(/caches removed: .*verify-cache\.json/);
    });
  });
});
