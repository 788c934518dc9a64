import { NOTES_REF } from '../core/model.js';
import { countNotes, notesTips, type NotesTips } from '../git/notes-probe.js';
import { listNotes } from '../git/notes-read.js';
import { keptCaptureNotes, searchCaptureNotes, type KeptCapture } from './capture-index.js';

type Git = { cwd: string; env?: NodeJS.ProcessEnv };

/** Whether the notes of a commit with no signal of its own can still change a finding. */
export type NoteStatus = 'matters' | 'not' | 'unknown';

export interface NotesKnown {
  /** refs/notes/ai-attest may hold notes (false: it does not exist, or holds none): a commit's claim may be in its note. */
  attestNotes: boolean;
  /** Commits with a git-ai note (commit -> note blob). */
  gitAi: Map<string, string>;
  /**
   * Commits whose ai-attest note may hold capture's record; null when they were not searched
   * (a range small beside the notes): the notes of the range's commits are read instead.
   */
  capture: Set<string> | null;
}

/** Below this many commits a range's own notes are read: no count, no search of every note. */
const SMALL_RANGE = 1000;

/**
 * Which commits' notes detect must read, learnt beside the range's `git log`: the git-ai notes
 * list and, for capture's record (which a note can hold on a commit with no other trace), the
 * notes that hold one of CAPTURE_NEEDLES.
 *
 * One `git rev-parse` first says whether each notes ref exists (a repository without git-ai
 * notes, or without any attestation note, runs nothing more for them) and where the search kept
 * from an earlier run is. For a range of SMALL_RANGE commits or more, a search kept for exactly
 * these notes is the answer (no more git). Otherwise the search reads every note of the
 * repository (one `git grep`, or only the notes changed since the kept one), so it is kept only
 * once the range has covered a quarter as many commits as there are notes (one `git notes list`,
 * counted); a smaller range has the notes of its own commits read. The search starts once the
 * range reaches SMALL_RANGE commits and runs beside the rest of the range's read.
 *
 * What the count is for depends on the range. A whole history (the range excludes no commit:
 * see excludesNothing) will most likely cover the notes: its search is not counted while the
 * range streams, and a search done by the range's end is the answer; one still running then has
 * the notes counted and is waited for, or called off when the range is small beside them,
 * whichever of the two answers first. A bounded range (`A..B`, `^A B`, `--not`) may stay small
 * beside the notes of a long history: its search starts with the count, which calls it off
 * (git stopped) while the range is smaller than a quarter of the notes, and it starts again if
 * the range grows to be worth it.
 */
export class NoteDemand {
  private gitAi: Map<string, string> | null = null;
  private tips: NotesTips | null = null;
  private kept: KeptCapture | null = null;
  private counting: Promise<number> | null = null;
  private count: number | null = null;
  private found: Set<string> | null = null;
  private search: Promise<Set<string>> | null = null;
  private stopSearch: AbortController | null = null;
  /** Commits read so far, as progress was last told. */
  private commits = 0;
  private readonly probed: Promise<NotesTips>;
  private readonly listed: Promise<Map<string, string>>;

  constructor(
    private readonly git: Git,
    gitAiRef: string | null,
    /** Whether capture's record must be looked for in notes the range read did not return. */
    private readonly capture: boolean,
    /** The range excludes no commit (see excludesNothing): its search is not counted while it streams. */
    private readonly wholeHistory = false,
  ) {
    this.probed = notesTips(NOTES_REF, gitAiRef, git);
    this.listed = this.probed.then((tips) => (gitAiRef && tips.other ? listNotes(gitAiRef, git) : new Map<string, string>()));
    // Heard here and awaited in known(): a failure is not left unhandled while the range streams.
    this.probed
      .then((tips) => {
        this.tips = tips;
        if (!tips.commit) this.found = new Set();
      })
      .catch(() => undefined);
    this.listed.then((m) => (this.gitAi = m)).catch(() => undefined);
  }

  /**
   * Told the number of commits read so far: once the range is large enough, takes the kept
   * search, or starts searching every note (a bounded range: and counting them).
   */
  progress(commits: number): void {
    this.commits = commits;
    const tips = this.tips;
    if (!this.capture || this.found || this.search || commits < SMALL_RANGE || !tips) return;
    if (this.counting) {
      // A bounded range whose search the count called off: again once the range has grown to be worth it.
      if (this.count !== null && this.searches(commits, this.count)) this.startSearch(tips);
      return;
    }
    if (!this.kept) {
      this.kept = keptCaptureNotes(tips);
      if (this.kept.exact) {
        this.found = this.kept.exact;
        return;
      }
    }
    this.startSearch(tips);
    if (this.wholeHistory) return;
    // The search starts with the count, not after its round trip; the count may call it off.
    this.counting = countNotes(NOTES_REF, this.git);
    this.counting
      .then((n) => {
        this.count = n;
        if (this.found) return;
        if (n === 0) {
          this.callOffSearch();
          this.found = new Set();
        } else if (!this.searches(this.commits, n)) this.callOffSearch();
      })
      .catch(() => undefined);
  }

  private startSearch(tips: NotesTips): void {
    const stop = new AbortController();
    const search = searchCaptureNotes(this.git, tips, this.kept!, stop.signal);
    this.search = search;
    this.stopSearch = stop;
    search.then((s) => this.search === search && (this.found = s)).catch(() => undefined);
  }

  private callOffSearch(): void {
    this.stopSearch?.abort();
    this.search = null;
    this.stopSearch = null;
  }

  private searches(commits: number, notes: number): boolean {
    return notes > 0 && commits * 4 >= notes;
  }

  /** What is known now of a commit with no signal of its own (`unknown`: ask again after the range). */
  status(commit: string): NoteStatus {
    if (this.gitAi === null) return 'unknown';
    if (this.gitAi.has(commit)) return 'matters';
    if (!this.capture) return 'not';
    if (this.found === null) return 'unknown';
    return this.found.has(commit) ? 'matters' : 'not';
  }

  /**
   * Everything, once the range (of `commits` commits) is read. `waiting`: how many of them still
   * wait on the search (their status was `unknown`); a search not done is worth waiting for when
   * they are at least a quarter as many as the notes, and not at all when there are none.
   */
  async known(commits: number, waiting = commits): Promise<NotesKnown> {
    const tips = await this.probed;
    const gitAi = await this.listed;
    if (!tips.commit) return { attestNotes: false, gitAi, capture: new Set() };
    if (!this.capture) return { attestNotes: true, gitAi, capture: new Set() };
    if (commits < SMALL_RANGE) return { attestNotes: true, gitAi, capture: null };
    this.kept ??= keptCaptureNotes(tips);
    if (this.kept.exact) return { attestNotes: true, gitAi, capture: this.kept.exact };
    if (this.found) return { attestNotes: true, gitAi, capture: this.found };
    if (waiting === 0) {
      this.callOffSearch();
      return { attestNotes: true, gitAi, capture: new Set() };
    }
    const counting = (this.counting ??= countNotes(NOTES_REF, this.git));
    const search = this.search;
    // Still searching: whichever answers first, the search or the count that says whether it is
    // worth waiting for (a range small beside the notes has its own notes read instead).
    const first = search
      ? await Promise.race([search.then((found) => ({ found })), counting.then((count) => ({ count }))])
      : { count: await counting };
    if ('found' in first) return { attestNotes: true, gitAi, capture: first.found };
    if (first.count === 0) {
      this.callOffSearch();
      return { attestNotes: false, gitAi, capture: new Set() };
    }
    if (!this.searches(waiting, first.count)) {
      this.callOffSearch();
      return { attestNotes: true, gitAi, capture: null };
    }
    this.search ??= searchCaptureNotes(this.git, tips, this.kept);
    return { attestNotes: true, gitAi, capture: await this.search };
  }
}

/**
 * Whether `git log REVISIONS LOG_OPTIONS` lists a whole history: no revision excludes commits
 * (`^A`, `A..B`, `A...B`, `--not`, `REV^!`) and no option limits the walk. `A^` (a parent) also
 * counts as excluding: only a cost is at stake, and a bounded range is the careful side.
 */
export function excludesNothing(revisions: readonly string[], logOptions: readonly string[] = []): boolean {
  return logOptions.length === 0 && revisions.length > 0 && revisions.every((r) => r !== '--not' && !r.includes('^') && !r.includes('..'));
}
