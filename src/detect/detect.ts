import { collectCommitsById, readCommits, type CommitRecord } from '../git/log.js';
import { listNotes, readNotesOf } from '../git/notes-read.js';
import { readCommitsWithPatches } from '../git/patch-log.js';
import { signalsOfCapturedEvents } from './captured.js';
import { commitSignals } from './commit.js';
import {
  defaultCatalog,
  type AdditionSizeSignal,
  type Catalog,
  type CapturedEventSignal,
  type Confidence,
  type GitAiNoteSignal,
  type LineSignal,
} from './catalog.js';
import { ABSENT, claimOf, mayHoldCapture, type Claim } from './claim.js';
import { judge, type FindingRule } from './compare.js';
import { largeAdditions, scanPatch, type AuthorAddition } from './content.js';
import { atLeast } from './disclosed.js';
import { signalsOfGitAiNote } from './git-ai.js';
import type { SignalHit } from './match.js';

export const DETECT_SCHEMA = 'ai-attest/detect@1';

export interface Finding {
  commit: string;
  subject: string;
  author: { name: string; email: string };
  /** Author date, ISO 8601 UTC. */
  time: string;
  rule: FindingRule;
  tool: string;
  model?: string;
  confidence: Confidence;
  /** What the attestation claims (decoded, not verified: `verify` judges that). */
  attested: Claim & { commit: string };
  signals: SignalHit[];
}

export interface DetectReport {
  schema: typeof DETECT_SCHEMA;
  range: string;
  signalsRevision: string;
  content: boolean;
  minConfidence: Confidence;
  commits: number;
  /** Commits with at least one signal at minConfidence or more (judged or not). */
  commitsWithSignals: number;
  findings: Finding[];
  counts: { byRule: Record<FindingRule, number>; byConfidence: Record<Confidence, number> };
}

export interface DetectOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  revisions: readonly string[];
  logOptions?: readonly string[];
  description: string;
  content?: boolean;
  minConfidence?: Confidence;
  catalog?: Catalog;
  /** Told every commit's signals (at minConfidence or more) once they are all known, findings or not. */
  onSignals?: (commit: string, hits: readonly SignalHit[]) => void;
}

/** A commit waiting for more evidence (its git-ai note, the merged branch tip's claim, its size). */
interface Pending {
  record: CommitRecord;
  hits: SignalHit[];
  claim: Claim;
}

/**
 * detect over a range: one `git log` (with `-p` for content signals) streams the commits; each
 * commit's signals are matched as it arrives and judged against its attestation, which is decoded
 * only when there is a signal. A merge naming an agent branch is judged against the merged tip's
 * attestation. git-ai notes, merged tips outside the range and large additions are resolved after
 * the stream, each with one more batched read.
 */
export async function detectRange(options: DetectOptions): Promise<DetectReport> {
  const catalog = options.catalog ?? defaultCatalog();
  const min = options.minConfidence ?? 'low';
  const git = { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) };
  const contentSignals = catalog.signals.filter((s): s is LineSignal => s.kind === 'added-line' && atLeast(s.confidence, min));
  const sizeSignal = catalog.signals.find((s): s is AdditionSizeSignal => s.kind === 'addition-size' && atLeast(s.confidence, min));
  const gitAiSignal = catalog.signals.find((s): s is GitAiNoteSignal => s.kind === 'git-ai-note' && atLeast(s.confidence, min));
  const captureSignal = catalog.signals.find((s): s is CapturedEventSignal => s.kind === 'captured-event' && atLeast(s.confidence, min));
  const gitAiNotes = gitAiSignal ? listNotes(gitAiSignal.ref, git) : Promise.resolve(new Map<string, string>());

  const findings: Finding[] = [];
  const counted = new Set<string>();
  const pending = new Map<string, Pending>();
  /** Merged tip -> merges waiting for its claim. */
  const mergeWaits = new Map<string, Pending[]>();
  const additions: AuthorAddition[] = [];
  let commits = 0;
  let withGitAi: Map<string, string> | null = null;

  const emit = (p: Pending, hits: readonly SignalHit[], claim: Claim, claimCommit: string) => {
    if (hits.length) counted.add(p.record.commit);
    for (const j of judge(hits, claim, catalog)) {
      if (!atLeast(j.confidence, min)) continue;
      const r = p.record;
      findings.push({
        commit: r.commit,
        subject: r.message.split('\n', 1)[0] ?? '',
        author: { name: r.authorName, email: r.authorEmail },
        time: new Date(r.authorTime * 1000).toISOString().replace('.000Z', 'Z'),
        ...j,
        attested: { ...claim, commit: claimCommit },
      });
    }
  };

  const settle = (p: Pending) => {
    options.onSignals?.(p.record.commit, p.hits);
    const merge = p.hits.filter((h) => h.kind === 'merge-branch');
    const own = p.hits.filter((h) => h.kind !== 'merge-branch');
    emit(p, own, p.claim, p.record.commit);
    const tip = p.record.parents[1];
    if (!merge.length) return;
    if (!tip || p.claim.ai === 'used' || p.claim.ai === 'none') {
      // A squash, or a merge that declares either way, answers for itself.
      emit(p, merge, p.claim, p.record.commit);
      return;
    }
    (mergeWaits.get(tip) ?? mergeWaits.set(tip, []).get(tip)!).push({ ...p, hits: merge });
  };

  const visit = (record: CommitRecord, extra: SignalHit[]) => {
    commits++;
    const tipOf = mergeWaits.get(record.commit);
    if (tipOf) {
      mergeWaits.delete(record.commit);
      const claim = claimOf(record.message, record.note);
      for (const m of tipOf) emit(m, m.hits, claim, record.commit);
    }
    // The statement's own Assisted-by copies are accounted for by its claim: no claim is decoded for them.
    const { judged, ownCopy: own } = commitSignals(record, min, catalog);
    const hits = [...judged, ...extra];
    // Capture's record travels in the statement: only a statement that may hold one is decoded for it.
    const captured = captureSignal !== undefined && mayHoldCapture(record.message, record.note);
    const gitAi = withGitAi?.has(record.commit) === true;
    if (!hits.length && !gitAi && !captured) {
      if (own.length) options.onSignals?.(record.commit, own);
      return;
    }
    const claim = claimOf(record.message, record.note);
    if (captureSignal && claim.captured)
      hits.push(...signalsOfCapturedEvents(claim.captured, captureSignal.id, captureSignal.confidence, catalog));
    if (!hits.length && !gitAi) {
      if (own.length) options.onSignals?.(record.commit, own);
      return;
    }
    const p: Pending = { record, hits: [...hits, ...own], claim };
    // Settled after the stream: its git-ai note is read then, or (content) its size is judged then.
    if (gitAi || (options.content && sizeSignal && record.parents.length === 1)) pending.set(record.commit, p);
    else settle(p);
  };

  const readOptions = { ...git, ...(options.logOptions ? { logOptions: [...options.logOptions] } : {}) };
  if (options.content) {
    for await (const { record, patch } of readCommitsWithPatches(options.revisions, readOptions)) {
      withGitAi ??= await gitAiNotes;
      const scan = scanPatch(patch, catalog, contentSignals);
      // A root commit imports what existed before; a merge adds nothing of its own.
      if (sizeSignal && record.parents.length === 1)
        additions.push({ commit: record.commit, author: record.authorEmail.toLowerCase(), added: scan.added, files: scan.files });
      visit(record, scan.hits);
    }
  } else {
    for await (const record of readCommits(options.revisions, readOptions)) {
      withGitAi ??= await gitAiNotes;
      visit(record, []);
    }
  }
  withGitAi ??= await gitAiNotes;

  // Large additions: judged with whatever else the commit showed (settled above, or pending).
  if (sizeSignal && options.content) {
    const large = largeAdditions(additions, sizeSignal);
    const missing: string[] = [];
    for (const [commit, hit] of large) {
      const p = pending.get(commit);
      if (p) p.hits.push(hit);
      else missing.push(commit);
    }
    for (const record of await recordsOf(missing, git)) {
      pending.set(record.commit, { record, hits: [large.get(record.commit)!], claim: claimOf(record.message, record.note) });
    }
  }

  const notes =
    gitAiSignal && withGitAi.size
      ? await readNotesOf(
          gitAiSignal.ref,
          [...pending.keys()].filter((c) => withGitAi!.has(c)),
          git,
        )
      : new Map<string, string>();
  for (const [commit, p] of pending) {
    const note = notes.get(commit);
    if (note && gitAiSignal) p.hits.push(...signalsOfGitAiNote(note, gitAiSignal.id, gitAiSignal.confidence, catalog));
    settle(p);
  }

  // Merged tips the range did not include: one more read for their claims.
  if (mergeWaits.size) {
    for (const record of await recordsOf([...mergeWaits.keys()], git)) {
      for (const m of mergeWaits.get(record.commit) ?? []) emit(m, m.hits, claimOf(record.message, record.note), record.commit);
      mergeWaits.delete(record.commit);
    }
    for (const waits of mergeWaits.values()) for (const m of waits) emit(m, m.hits, ABSENT, m.record.parents[1]!);
  }

  findings.sort((a, b) => b.time.localeCompare(a.time) || a.commit.localeCompare(b.commit) || a.tool.localeCompare(b.tool));
  const byRule = { unattested: 0, 'attested-none': 0, 'other-tool': 0, 'other-model': 0 } as Record<FindingRule, number>;
  const byConfidence = { low: 0, medium: 0, high: 0 } as Record<Confidence, number>;
  for (const f of findings) {
    byRule[f.rule]++;
    byConfidence[f.confidence]++;
  }
  return {
    schema: DETECT_SCHEMA,
    range: options.description,
    signalsRevision: catalog.revision,
    content: options.content === true,
    minConfidence: min,
    commits,
    commitsWithSignals: counted.size,
    findings,
    counts: { byRule, byConfidence },
  };
}

/** Records of specific commits, a bounded batch per `git log --no-walk` call. */
async function recordsOf(commits: readonly string[], git: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  for (let i = 0; i < commits.length; i += 500) {
    out.push(...(await collectCommitsById(commits.slice(i, i + 500), git)));
  }
  return out;
}
