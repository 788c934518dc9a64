import type { RewriteGroup } from './rewrite-list.js';

export interface PairInput {
  commit: string;
  patchId: string;
  changeId: string;
  subject: string;
}

export interface Pairing {
  groups: RewriteGroup[];
  /** Old commits no new commit replays (dropped, or changed beyond recognition). */
  unmatchedOld: string[];
  /** New commits no old commit matches. */
  unmatchedNew: string[];
}

/**
 * Old and new commits of a server-side rebase merge, oldest first, paired by what they change:
 * the same patch-id, else the same zero-context patch-id, else (an edited commit) the same
 * subject at the same place. One old commit pairs with one new commit at most.
 */
export function pairRebased(olds: readonly PairInput[], news: readonly PairInput[]): Pairing {
  const taken = new Set<string>();
  const pairs = new Map<string, string>();
  const tryPair = (match: (o: PairInput, n: PairInput) => boolean) => {
    for (const n of news) {
      if (pairs.has(n.commit)) continue;
      const o = olds.find((x) => !taken.has(x.commit) && match(x, n));
      if (o) {
        pairs.set(n.commit, o.commit);
        taken.add(o.commit);
      }
    }
  };
  tryPair((o, n) => o.patchId !== '' && o.patchId === n.patchId);
  tryPair((o, n) => o.changeId !== '' && o.changeId === n.changeId);
  news.forEach((n, i) => {
    const o = olds[i];
    if (!pairs.has(n.commit) && o && !taken.has(o.commit) && o.subject === n.subject) {
      pairs.set(n.commit, o.commit);
      taken.add(o.commit);
    }
  });
  return {
    groups: news.filter((n) => pairs.has(n.commit)).map((n) => ({ newCommit: n.commit, olds: [pairs.get(n.commit)!] })),
    unmatchedOld: olds.filter((o) => !taken.has(o.commit)).map((o) => o.commit),
    unmatchedNew: news.filter((n) => !pairs.has(n.commit)).map((n) => n.commit),
  };
}
