import { expect } from 'vitest';
import type { Predicate } from '../../src/core/model.js';
import { notePredicate, parseNote } from '../../src/core/note.js';
import { noteOf } from './attested.js';
import type { Repo } from './repo.js';

/** Shared by the rewrite tests: commits with answers, and verify's verdicts by subject. */

export const COPILOT = 'copilot:gpt-4.1-2025-04-14';

export function commit(repo: Repo, path: string, content: string, message: string, tools = 'none', share = 0): string {
  repo.write(path, content);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', message], { env: { AI_ATTEST_TOOLS: tools, AI_ATTEST_PROPORTION: String(share) } });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

export function lines(n: number, edit: Record<number, string> = {}): string {
  return Array.from({ length: n }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
}

export interface Verdict {
  commit: string;
  subject: string;
  status: string;
  statement: {
    source: string;
    ai: string;
    tools: Array<{ tool: string; model: string }>;
    share: number;
    carriedFrom?: string[];
    relation: string;
  } | null;
  results: Array<{ check: string; result: string; level: string; message: string; fix?: string }>;
}

export function verify(repo: Repo, ...revs: string[]): Map<string, Verdict> {
  const r = repo.cli(['verify', '--json', '--no-cache', ...revs]);
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  const commits = (JSON.parse(r.stdout) as { commits: Verdict[] }).commits;
  return new Map(commits.map((c) => [c.subject, c]));
}

/**
 * ok or carried, without a warning: trailers that still hold the statement of the commit this one
 * replaced are a pass (`superseded`) once the carry statement naming this commit lists that commit
 * (see docs/rewrites.md).
 */
export function passes(v: Verdict): boolean {
  return (v.status === 'ok' || v.status === 'carried') && v.results.every((r) => r.level === 'pass');
}

/** Every verdict passes (ok or carried) or names what to do: no commit fails silently. */
export function expectNoSilentLoss(verdicts: Map<string, Verdict>): void {
  for (const v of verdicts.values()) {
    expect(['ok', 'carried', 'warn', 'fail'], v.subject).toContain(v.status);
    if (v.status === 'warn' || v.status === 'fail')
      expect(
        v.results.some((r) => r.fix),
        `${v.subject} has a fix`,
      ).toBe(true);
  }
}

export function predicates(repo: Repo, rev = 'HEAD'): Predicate[] {
  return parseNote(noteOf(repo, rev)).flatMap((l) => (l.kind === 'envelope' ? [notePredicate(l.envelope)!] : []));
}

export function carryOf(repo: Repo, rev = 'HEAD'): Predicate | undefined {
  const head = repo.git(['rev-parse', rev]).trim();
  return (
    predicates(repo, rev).find((p) => p.source === 'carry' && p.binding.commit === head) ??
    predicates(repo, rev).find((p) => p.binding.commit === head)
  );
}
