import { describe, expect, it } from 'vitest';
import type { Predicate } from '../src/core/model.js';
import type { Candidate } from '../src/read/evaluate/candidates.js';
import { choose } from '../src/read/evaluate/choose.js';
import type { Judged } from '../src/read/evaluate/rules/finding.js';
import { mulberry32 } from './helpers/rng.js';

// choose() ranks a commit's statements by one packed number instead of comparing arrays built per
// comparison (it runs once per commit of every range). Compared here with the ranking before, on
// random sets of statements: the same chosen one, trailers and primary statements, in order.

function chooseBefore(judged: readonly Judged[]): { chosen: Judged | null; trailers: Judged | null; primary: Set<Judged> } {
  const chosen = best(judged.filter((j) => j.valid && j.relation !== 'none'));
  const trailers = judged.find((j) => j.c.origin === 'trailers') ?? null;
  const primary = new Set<Judged>();
  if (trailers) primary.add(trailers);
  if (chosen && !chosen.c.sameAsTrailers) primary.add(chosen);
  if (!trailers && !chosen) {
    const first = best(judged);
    if (first) primary.add(first);
  }
  return { chosen, trailers, primary };
}

function best(judged: readonly Judged[]): Judged | null {
  let found: Judged | null = null;
  for (const j of judged) if (!found || byPreference(j, found) < 0) found = j;
  return found;
}

function byPreference(a: Judged, b: Judged): number {
  const key = (j: Judged) => [
    j.valid ? 1 : 0,
    j.relation === 'exact' ? 2 : j.relation === 'carried' ? 1 : 0,
    j.c.predicate && j.c.predicate.ai !== 'undeclared' ? 1 : 0,
    j.identity?.ok ? 1 : 0,
    j.namesCommit ? 1 : 0,
    j.c.origin === 'trailers' ? 1 : 0,
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
  return (b.c.predicate?.time ?? '').localeCompare(a.c.predicate?.time ?? '');
}

describe('choose', () => {
  it('picks what the ranking before picked, on random statements', () => {
    const random = mulberry32(13);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let n = 0; n < 3_000; n++) {
      const judged: Judged[] = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => {
        const predicate =
          random() < 0.85
            ? ({
                ai: pick(['used', 'none', 'undeclared']),
                time: pick(['2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', '2025-01-01T00:00:00Z']),
              } as Predicate)
            : null;
        const c = {
          origin: i === 0 && random() < 0.7 ? 'trailers' : `note:${i}`,
          predicate,
          sameAsTrailers: i > 0 && random() < 0.3,
        } as Candidate;
        return {
          c,
          valid: random() < 0.7,
          relation: pick(['exact', 'carried', 'none', null] as const),
          identity: random() < 0.2 ? null : { ok: random() < 0.6, message: '', keyEmails: [] },
          namesCommit: random() < 0.3,
        };
      });
      const now = choose(judged);
      const before = chooseBefore(judged);
      expect(now.chosen).toBe(before.chosen);
      expect(now.trailers).toBe(before.trailers);
      expect([...now.primary]).toEqual([...before.primary]);
    }
  });
});
