// @module-tag git
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initRepo } from './helpers/attested.js';

/*
 * A cold verify resolves its range to commit ids for two readers while its context loads: the
 * adoption point's trust revision and the scan of the range's `.ai-attest/` changes. git is
 * asked once (src/read/range-revisions.ts), and both see the same commits.
 */
const repo = initRepo();
afterAll(() => repo.sandbox.cleanup());

function revsOnlyCalls(args: string[]): { status: number | null; calls: string[]; stdout: string } {
  const trace = join(repo.sandbox.root, 'git-trace.txt');
  rmSync(trace, { force: true });
  rmSync(join(repo.dir, '.git', 'ai-attest'), { recursive: true, force: true });
  const r = repo.cli(['verify', ...args], { env: { GIT_TRACE: trace } });
  const calls = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => line.includes('trace: built-in: git rev-parse') && line.includes(' --revs-only '))
    .map((line) => line.slice(line.indexOf('git rev-parse')));
  return { status: r.status, calls, stdout: r.stdout };
}

describe('a cold verify', () => {
  it('asks git for its range once, however many of its readers need it', () => {
    repo.write('a.ts', 'export const a = 1;\n');
    repo.git(['add', 'a.ts']);
    repo.git(['commit', '-q', '-m', 'Add a'], { env: { AI_ATTEST_TOOLS: 'none' } });
    const head = revsOnlyCalls(['HEAD']);
    expect(head.status, head.stdout).toBe(0);
    expect(head.calls).toEqual(['git rev-parse --revs-only HEAD']);
    const range = revsOnlyCalls(['HEAD~1..HEAD']);
    expect(range.status, range.stdout).toBe(0);
    expect(range.calls).toHaveLength(1);
    expect(range.calls[0]).toContain('HEAD~1..HEAD');
  });
});
