import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { matchSensitive, type SensitiveMatch } from '../config/sensitive.js';
import type { Answers } from '../core/model.js';
import { loadWorkTreeKeyring } from '../crypto/keyring.js';
import { stagedChangedLineId } from '../git/patch-id.js';
import { decide } from './decide.js';
import { readFacts, type CommitFacts } from './facts.js';
import { needsReattestationAnswers, type RewriteKind } from '../core/marker.js';
import { squashProof } from './squash-proof.js';

export interface CommitTimeCarry {
  kind: Extract<RewriteKind, 'cherry-pick' | 'merge-squash'>;
  /** The picked or squashed commits: the new statement's `carriedFrom`. */
  carriedFrom: string[];
  /**
   * The carried answers (merged for a squash; source `carry`), or a needs-reattestation marker
   * when they cannot be carried; null when the commits had nothing trustworthy to carry.
   */
  answers: Answers | null;
  /** Their statements as note lines: append them to the pending note, as evidence. */
  evidence: string[];
  /** Why the answers are a marker or null. */
  reason?: string;
}

export interface CommitTimeInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  gitDir: string;
  commonDir: string;
  top: string | null;
  config: Config;
  /** What the commit is being made against (first parent, or the empty tree). */
  base: string;
  tree: string;
  parents: string[];
  /** `git patch-id --stable` of the staged change (as commit-msg binds it). */
  patchId: string;
  /** Files the commit changes (staged against base). */
  files: readonly string[];
}

/**
 * For commit-msg. A commit that replays other commits gets their attestations:
 * - `git merge --squash` then `git commit`: SQUASH_MSG lists the squashed commits (git removes it
 *   after the commit), and the merged answers are carried;
 * - a cherry-pick that stopped on a conflict and is finished with `git commit` or
 *   `git cherry-pick --continue`: CHERRY_PICK_HEAD names the pick.
 * (A clean cherry-pick runs no commit-msg: post-commit hands it to `post-rewrite cherry-pick`.)
 * Returns null for any other commit, at the cost of two file checks.
 */
export async function carryAtCommit(input: CommitTimeInput): Promise<CommitTimeCarry | null> {
  const source = await replayedCommits(input.gitDir);
  if (!source) return null;
  const opts = { cwd: input.cwd, env: input.env };
  const keyring = await loadWorkTreeKeyring(input.top ? join(input.top, input.config.keyring) : null, input.commonDir);
  const [facts, changeId] = await Promise.all([readFacts(source.commits, keyring, opts), stagedChangedLineId(input.base, opts)]);
  const olds = source.commits.map((c) => facts.get(c)!).filter(Boolean);
  const fresh = freshFacts(input, changeId);
  const proof = olds.length > 1 ? await squashProof(changeId, olds, opts) : null;
  const decision = decide(fresh, olds, source.kind, proof);
  const staged = matchSensitive(input.files, input.config.sensitive);
  const evidence = [...new Set(olds.flatMap((o) => [...o.candidates.map((c) => c.noteLine), ...o.otherLines]))];
  const base = { kind: source.kind, carriedFrom: olds.map((o) => o.record.commit), evidence };
  switch (decision.type) {
    case 'carry':
      return { ...base, answers: { ...decision.answers, sensitive: withStaged(decision.answers, staged) } };
    case 'ask':
      // commit-msg has no terminal; a terminal user was asked by prepare-commit-msg already.
      return {
        ...base,
        reason: decision.reason,
        answers: needsReattestationAnswers(
          {
            reason: decision.reason,
            from: decision.from,
            previous: { ai: decision.defaults.ai, tools: decision.defaults.tools, share: decision.defaults.share },
          },
          source.kind,
          withStaged(decision.defaults, staged),
        ),
      };
    case 'mark':
      return { ...base, reason: decision.info.reason, answers: needsReattestationAnswers(decision.info, source.kind, decision.sensitive) };
    case 'nothing':
      return { ...base, answers: null, reason: decision.reason };
    case 'keep':
      return { ...base, answers: null };
  }
}

async function replayedCommits(gitDir: string): Promise<{ kind: CommitTimeCarry['kind']; commits: string[] } | null> {
  if (existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))) return null;
  const pick = await readFile(join(gitDir, 'CHERRY_PICK_HEAD'), 'utf8').catch(() => null);
  if (pick?.trim()) return { kind: 'cherry-pick', commits: [pick.trim()] };
  if (existsSync(join(gitDir, 'MERGE_HEAD'))) return null;
  const squash = await readFile(join(gitDir, 'SQUASH_MSG'), 'utf8').catch(() => null);
  if (!squash) return null;
  const commits = [...squash.matchAll(/^commit ([0-9a-f]{40}(?:[0-9a-f]{24})?)$/gm)].map((m) => m[1]!);
  // SQUASH_MSG lists the newest first; carriedFrom keeps history order.
  return commits.length ? { kind: 'merge-squash', commits: [...new Set(commits)].reverse() } : null;
}

/** The union of the carried paths, plus sensitive files the squash stages that no part declared. */
function withStaged(answers: Pick<Answers, 'ai' | 'tools' | 'sensitive'>, staged: readonly SensitiveMatch[]): Answers['sensitive'] {
  const out = answers.sensitive.map((s) => ({ ...s, ai: [...s.ai] }));
  const tools = answers.ai === 'used' ? [...new Set(answers.tools.map((t) => t.tool))] : [];
  for (const s of staged) {
    if (!out.some((o) => o.path === s.path && o.category === s.category)) out.push({ path: s.path, category: s.category, ai: [...tools] });
  }
  return out;
}

function freshFacts(input: CommitTimeInput, changeId: string): CommitFacts {
  return {
    record: {
      commit: '',
      tree: input.tree,
      parents: input.parents,
      authorName: '',
      authorEmail: '',
      authorTime: 0,
      committerName: '',
      committerEmail: '',
      committerTime: 0,
      message: '',
      note: '',
    },
    patchId: input.patchId,
    changeId,
    lines: 0,
    candidates: [],
    otherLines: [],
    chosen: null,
    problems: [],
  };
}
