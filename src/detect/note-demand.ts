import { NOTES_REF } from '../core/model.js';
import { listNotes } from '../git/notes-read.js';
import { countNotes } from '../git/notes-probe.js';
import { captureNotes } from './capture-index.js';

type Git = { cwd: string; env?: NodeJS.ProcessEnv };

/** Whether the notes of a commit with no signal of its own can still change a finding. */
export type NoteStatus = 'matters' | 'not' | 'unknown';

export interface NotesKnown {
  /** refs/notes/ai-attest may hold notes (false: counted, none): a commit's claim may be in its note. */
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
 * notes that hold one of CAPTURE_NEEDLES. That search reads every note of the repository (one
 * `git grep`), so it runs only for a range of SMALL_RANGE commits or more that has covered a
 * quarter as many commits as there are notes (one `git notes list`, counted); a smaller range
 * has the notes of its own commits read. The search's answer is kept per notes commit (see
 * captureNotes): a run after it searches only the notes that changed.
 */
export class NoteDemand {
  private gitAi: Map<string, string> | null = null;
  private count: number | null = null;
  private counting: Promise<number> | null = null;
  private found: Set<string> | null = null;
  private search: Promise<Set<string>> | null = null;
  private readonly listed: Promise<Map<string, string>>;

  constructor(
    private readonly git: Git,
    gitAiRef: string | null,
    /** Whether capture's record must be looked for in notes the range read did not return. */
    private readonly capture: boolean,
  ) {
    this.listed = gitAiRef ? listNotes(gitAiRef, git) : Promise.resolve(new Map());
    // Heard here and awaited in known(): a failure is not left unhandled while the range streams.
    this.listed.then((m) => (this.gitAi = m)).catch(() => undefined);
  }

  /** Told the number of commits read so far: counts the notes, then searches them, once the range is large enough. */
  progress(commits: number): void {
    if (!this.capture || this.search || commits < SMALL_RANGE) return;
    if (!this.counting) {
      this.counting = countNotes(NOTES_REF, this.git);
      this.counting.then((n) => (this.count = n)).catch(() => undefined);
    }
    if (this.count !== null && this.searches(commits, this.count)) {
      this.search = captureNotes(this.git);
      this.search.then((s) => (this.found = s)).catch(() => undefined);
    }
  }

  private searches(commits: number, notes: number): boolean {
    return notes > 0 && commits * 4 >= notes;
  }

  /** What is known now of a commit with no signal of its own (`unknown`: ask again after the range). */
  status(commit: string): NoteStatus {
    if (this.gitAi === null) return 'unknown';
    if (this.gitAi.has(commit)) return 'matters';
    if (!this.capture || this.count === 0) return 'not';
    if (this.found === null) return 'unknown';
    return this.found.has(commit) ? 'matters' : 'not';
  }

  /** Everything, once the range (of `commits` commits) is read. */
  async known(commits: number): Promise<NotesKnown> {
    // The count may have come in after the last commit: the search is then made now.
    const count = this.capture && commits >= SMALL_RANGE ? await (this.counting ??= countNotes(NOTES_REF, this.git)) : null;
    if (!this.search && count !== null && this.searches(commits, count)) this.search = captureNotes(this.git);
    const gitAi = await this.listed;
    const capture = !this.capture || count === 0 ? new Set<string>() : this.search ? await this.search : null;
    return { attestNotes: count !== 0, gitAi, capture };
  }
}
