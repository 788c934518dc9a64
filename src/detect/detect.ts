import { NOTES_REF } from '../core/model.js';
import { ownString } from '../core/own-string.js';
import { readCommitBatchesInto, readCommitsWithNotes } from '../git/commit-batches.js';
import type { CommitRecord } from '../git/log.js';
import { readNotesOf } from '../git/notes-read.js';
import { readCommitsWithPatches } from '../git/patch-log.js';
import { logPrefetched } from '../git/prefetch-detect.js';
import { PrefetchedLogFailed } from '../git/prefetched-log.js';
import { startedNow } from '../read/evaluate/decode-ahead.js';
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
import { excludesNothing, NoteDemand } from './note-demand.js';

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
  /**
   * `on-demand` (default): the range is read without notes, and only the notes that can change a
   * finding are read after it. `all`: every commit's note is read with the range (the reference
   * the on-demand read is tested against; the findings are the same).
   */
  notes?: 'on-demand' | 'all';
  /** Told when each phase ends (AI_ATTEST_TRACE=1). */
  trace?: (phase: string) => void;
}

/** A commit waiting for more evidence (its git-ai note, the merged branch tip's claim, its size). */
interface Pending {
  record: CommitRecord;
  hits: SignalHit[];
  claim: Claim;
}

/** A commit of the range whose claim must be read: it has a signal, or its statement may hold capture's record. */
interface Candidate {
  record: CommitRecord;
  hits: SignalHit[];
  own: SignalHit[];
}

/** A commit with no signal of its own whose notes were not known to matter or not when it was read. */
interface Quiet {
  commit: string;
  own: SignalHit[];
}

/**
 * detect over a range: one `git log` (with `-p` for content signals) streams the commits without
 * their notes; each commit's signals are matched as it arrives. The notes a finding can depend on
 * are read after the stream in one batched call: those of commits with a signal (their claim),
 * of the merged branch tips an agent-branch merge is judged against, of unusually large additions
 * (content), of commits with a git-ai note, and of commits whose note may hold capture's record
 * (see NoteDemand: found beside the log, or for a small range read with the others). A notes ref
 * with no notes is not read at all.
 */
export async function detectRange(options: DetectOptions): Promise<DetectReport> {
  if (!logPrefetched()) return detectOnce(options, false);
  // The range's log bin/ai-attest.cjs started (src/git/prefetch-detect.ts) is found unusable only
  // at its end (a failed git, a broken frame): the range is then read again, with Node's own git.
  try {
    return await detectOnce(options, true);
  } catch (error) {
    if (error instanceof PrefetchedLogFailed) return detectOnce(options, false);
    throw error;
  }
}

/** detectRange; `holdTelling`: onSignals is told only once the range is read (it may be read again). */
async function detectOnce(options: DetectOptions, holdTelling: boolean): Promise<DetectReport> {
  const catalog = options.catalog ?? defaultCatalog();
  const min = options.minConfidence ?? 'low';
  const git = { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) };
  const allNotes = options.notes === 'all';
  const contentSignals = catalog.signals.filter((s): s is LineSignal => s.kind === 'added-line' && atLeast(s.confidence, min));
  const sizeSignal = catalog.signals.find((s): s is AdditionSizeSignal => s.kind === 'addition-size' && atLeast(s.confidence, min));
  const gitAiSignal = catalog.signals.find((s): s is GitAiNoteSignal => s.kind === 'git-ai-note' && atLeast(s.confidence, min));
  const captureSignal = catalog.signals.find((s): s is CapturedEventSignal => s.kind === 'captured-event' && atLeast(s.confidence, min));
  const readOptions = { ...git, ...(options.logOptions ? { logOptions: [...options.logOptions] } : {}) };
  // Not flushed after every commit (see readCommitBatches): a few KB of git's output per chunk.
  const buffered = { ...readOptions, env: { ...(options.env ?? process.env), GIT_FLUSH: '0' } };
  // `--no-notes` after the reader's own `--notes=`: the notes are read apart, for the commits that need them.
  const patchOptions = allNotes ? buffered : { ...buffered, logOptions: [...(options.logOptions ?? []), '--no-notes'] };
  const findings: Finding[] = [];
  const counted = new Set<string>();
  const candidates = new Map<string, Candidate>();
  const quiet: Quiet[] = [];
  /** Merged tip -> merges waiting for its claim. */
  const mergeWaits = new Map<string, Pending[]>();
  const additions: AuthorAddition[] = [];
  let commits = 0;
  const trace = options.trace;
  const held: Array<[string, SignalHit[]]> = [];
  const tellEarly = (commit: string, hits: SignalHit[]) => {
    if (holdTelling) held.push([commit, hits]);
    else options.onSignals?.(commit, hits);
  };

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
    // The statement's own Assisted-by copies are accounted for by its claim: no claim is decoded for them.
    const { judged, ownCopy: own } = commitSignals(record, min, catalog);
    const hits = [...judged, ...extra];
    // Capture's record travels in the statement: only a statement that may hold one is decoded for it.
    if (hits.length || (captureSignal && mayHoldCapture(record.message, record.note))) {
      candidates.set(record.commit, { record, hits, own });
      return;
    }
    demand.progress(commits);
    const status = demand.status(record.commit);
    if (status === 'matters') candidates.set(record.commit, { record, hits, own });
    // Kept for the whole range: a copy of the id (see ownString), and its own hits only for onSignals.
    else if (status === 'unknown') quiet.push({ commit: ownString(record.commit), own: options.onSignals ? own : [] });
    else if (own.length && options.onSignals) tellEarly(record.commit, own);
  };

  // git log first: it is the critical path, and every process started holds the event loop a few milliseconds.
  const patches = options.content ? startedNow(readCommitsWithPatches(options.revisions, patchOptions)) : null;
  // Without patches, each chunk's commits are matched from the stream's events as they arrive (no await per chunk).
  const messages = patches
    ? null
    : readCommitBatchesInto(options.revisions, { ...readOptions, ...(allNotes ? { notesRef: NOTES_REF } : {}) }, (batch) => {
        if (commits === 0) trace?.('first commits read');
        for (const record of batch) visit(record, []);
      });
  // Beside the log (visit asks it, from the first chunk on): whether there are notes at all, the
  // git-ai notes list, the notes that may hold capture.
  const demand = new NoteDemand(
    git,
    gitAiSignal?.ref ?? null,
    captureSignal !== undefined && !allNotes,
    excludesNothing(options.revisions, options.logOptions),
  );
  if (patches) {
    for await (const { record, patch } of patches) {
      const scan = scanPatch(patch, catalog, contentSignals);
      // A root commit imports what existed before; a merge adds nothing of its own.
      if (sizeSignal && record.parents.length === 1)
        additions.push({ commit: record.commit, author: record.authorEmail.toLowerCase(), added: scan.added, files: scan.files });
      visit(record, scan.hits);
    }
  } else await messages;
  for (const [commit, hits] of held) options.onSignals?.(commit, hits);
  trace?.(`range read (${commits} commits)`);
  // The capture search only answers for the commits still waiting on it (none: it is not waited for).
  const notes = await demand.known(commits, quiet.length);
  trace?.('notes known');

  const large = sizeSignal && options.content ? largeAdditions(additions, sizeSignal) : new Map<string, SignalHit>();
  const tips = new Set<string>();
  for (const c of candidates.values())
    if (c.record.parents.length > 1 && c.hits.some((h) => h.kind === 'merge-branch')) tips.add(c.record.parents[1]!);
  // Commits with nothing of their own: a git-ai note or a note holding capture's record makes them candidates.
  // Unless the notes were searched, those of the (small) range are read with the others below.
  const unread: Quiet[] = [];
  for (const q of quiet) {
    if (!notes.capture || notes.gitAi.has(q.commit) || notes.capture.has(q.commit)) unread.push(q);
    else if (q.own.length) options.onSignals?.(q.commit, q.own);
  }

  // One batched read of the records and notes still needed; git-ai's notes beside it.
  const wanted = new Set<string>([...unread.map((q) => q.commit), ...tips]);
  if (notes.attestNotes && !allNotes) for (const commit of candidates.keys()) wanted.add(commit);
  for (const commit of large.keys()) if (!candidates.has(commit)) wanted.add(commit);
  const withGitAi = gitAiSignal ? [...candidates.keys(), ...unread.map((q) => q.commit)].filter((c) => notes.gitAi.has(c)) : [];
  const [read, gitAiNotes] = await Promise.all([
    recordsWithNotes([...wanted], git),
    withGitAi.length && gitAiSignal ? readNotesOf(gitAiSignal.ref, withGitAi, git) : new Map<string, string>(),
  ]);

  trace?.(`${wanted.size} records with notes read`);
  const lateCandidates: Candidate[] = [];
  for (const q of unread) {
    const record = read.get(q.commit);
    const matters = record && (notes.gitAi.has(q.commit) || (captureSignal && mayHoldCapture(record.message, record.note)));
    if (matters) lateCandidates.push({ record, hits: [], own: q.own });
    else if (q.own.length) options.onSignals?.(q.commit, q.own);
  }

  const pending: Pending[] = [];
  for (const c of [...candidates.values(), ...lateCandidates]) {
    const fresh = allNotes ? undefined : read.get(c.record.commit);
    const record = fresh ? { ...c.record, note: fresh.note } : c.record;
    const claim = claimOf(record.message, record.note);
    const hits = c.hits;
    if (captureSignal && claim.captured)
      hits.push(...signalsOfCapturedEvents(claim.captured, captureSignal.id, captureSignal.confidence, catalog));
    if (!hits.length && !notes.gitAi.has(record.commit)) {
      if (c.own.length) options.onSignals?.(record.commit, c.own);
      continue;
    }
    const p: Pending = { record, hits: [...hits, ...c.own], claim };
    const largeHit = options.content && record.parents.length === 1 ? large.get(record.commit) : undefined;
    if (largeHit) {
      p.hits.push(largeHit);
      large.delete(record.commit);
    }
    const note = gitAiNotes.get(record.commit);
    if (note && gitAiSignal) p.hits.push(...signalsOfGitAiNote(note, gitAiSignal.id, gitAiSignal.confidence, catalog));
    pending.push(p);
  }
  // Large additions with nothing else to show: judged on their size alone.
  for (const [commit, hit] of large) {
    // Read with its note above, or (all notes read with the range, or none to read) as the stream gave it.
    const record = read.get(commit) ?? candidates.get(commit)?.record;
    if (record) pending.push({ record, hits: [hit], claim: claimOf(record.message, record.note) });
  }
  for (const p of pending) settle(p);

  // Merged tips: their claims came with the batched read; a tip this clone lacks has none.
  for (const [tip, waits] of mergeWaits) {
    const record = read.get(tip);
    for (const m of waits) emit(m, m.hits, record ? claimOf(record.message, record.note) : ABSENT, tip);
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

/** The records (with their ai-attest notes) of the commits named, from one batched read; missing ones left out. */
async function recordsWithNotes(
  commits: readonly string[],
  git: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Map<string, CommitRecord>> {
  const out = new Map<string, CommitRecord>();
  for await (const batch of readCommitsWithNotes(commits, { ...git, notesRef: NOTES_REF })) for (const r of batch) out.set(r.commit, r);
  return out;
}
