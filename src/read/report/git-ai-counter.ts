import { GIT_AI_NOTES_REF, gitAiTool, hasGitAiRef, parseGitAiNote } from '../../capture/git-ai.js';
import { listNotes, readNotesOf } from '../../git/notes-read.js';
import type { GitOptions } from '../../git/run.js';
import type { GitAiSummary, Summary } from './types.js';

/** Notes read per git process: bounds the memory of a range where every commit has one. */
const BATCH = 2_000;

/**
 * AI lines by tool and model as git-ai's notes (`refs/notes/ai`, authorship/3.x) state them:
 * another capture source, unsigned, so the report shows it beside the attested figures and never
 * adds it to them. Nothing runs when the repository has no such ref; else one `git notes list`
 * before the range is walked (to keep only commits that have a note) and one batched read of
 * those notes per 2,000 commits after it.
 */
export class GitAiCounter {
  private noted: Map<string, string> | null = null;
  private pending: string[] = [];
  private commits = 0;
  private aiLines = 0;
  private humanLines = 0;
  private unreadable = 0;
  private readonly rows = new Map<string, { tool: string; model: string; commits: number; lines: number }>();

  async prepare(options: GitOptions & { commonDir: string }): Promise<void> {
    if (!hasGitAiRef(options.commonDir)) return;
    const noted = await listNotes(GIT_AI_NOTES_REF, options).catch(() => new Map<string, string>());
    this.noted = noted.size ? noted : null;
  }

  /** A commit of the range (only those with a note are kept). */
  see(commit: string): void {
    if (this.noted?.has(commit)) this.pending.push(commit);
  }

  async finish(options: GitOptions): Promise<void> {
    for (let i = 0; i < this.pending.length; i += BATCH) {
      const notes = await readNotesOf(GIT_AI_NOTES_REF, this.pending.slice(i, i + BATCH), options);
      for (const note of notes.values()) this.count(note);
    }
    this.pending = [];
    this.noted = null;
  }

  count(note: string): void {
    const parsed = parseGitAiNote(note);
    this.commits++;
    if (!parsed) {
      this.unreadable++;
      return;
    }
    const seen = new Set<string>();
    for (const a of parsed.attributions) {
      const lines = a.ranges.reduce((n, [start, end]) => n + end - start + 1, 0);
      if (a.kind === 'human') {
        this.humanLines += lines;
        continue;
      }
      this.aiLines += lines;
      const tool = gitAiTool(a.tool);
      const model = a.model?.trim() || 'unknown';
      const key = `${tool}\0${model}`;
      let row = this.rows.get(key);
      if (!row) this.rows.set(key, (row = { tool, model, commits: 0, lines: 0 }));
      if (!seen.has(key)) row.commits++;
      seen.add(key);
      row.lines += lines;
    }
  }

  merge(other: GitAiCounter): void {
    this.commits += other.commits;
    this.aiLines += other.aiLines;
    this.humanLines += other.humanLines;
    this.unreadable += other.unreadable;
    for (const [key, o] of other.rows) {
      const row = this.rows.get(key);
      if (row) {
        row.commits += o.commits;
        row.lines += o.lines;
      } else this.rows.set(key, { ...o });
    }
  }

  summary(): GitAiSummary | null {
    if (!this.commits) return null;
    return {
      source: GIT_AI_NOTES_REF,
      commits: this.commits,
      aiLines: this.aiLines,
      humanLines: this.humanLines,
      unreadable: this.unreadable,
      byTool: [...this.rows.values()].sort((a, b) => b.lines - a.lines || a.tool.localeCompare(b.tool) || a.model.localeCompare(b.model)),
    };
  }

  /** The summary with git-ai's figures beside the attested ones, when the range has any. */
  attach(summary: Summary): Summary {
    const gitAi = this.summary();
    return gitAi ? { ...summary, gitAi } : summary;
  }
}
