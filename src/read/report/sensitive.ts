import type { SensitiveMatcher } from '../../config/sensitive.js';
import { ownString } from '../../core/own-string.js';
import type { Claims } from './item.js';
import type { CommitLines } from '../../git/numstat.js';
import { topFolder } from './item.js';
import type { CommitState, SensitiveCategoryRow, SensitiveFolderRow, SensitiveSummary } from './types.js';

interface CategoryAcc {
  aiCommits: number;
  aiFiles: number;
  humanOnlyCommits: number;
  unknownCommits: number;
}

const UNKNOWN: ReadonlySet<CommitState> = new Set(['undeclared', 'unattested', 'rejected']);

/**
 * Sensitive paths, from two sources: what verified attestations declare (which sensitive files
 * AI touched), and, for commits whose AI status is unknown, the configured globs matched against
 * the files the commit changed, so that an unattested change to auth code is not invisible.
 */
export class SensitiveCounter {
  private readonly categories = new Map<string, CategoryAcc>();
  private readonly folders = new Map<string, { aiCommits: number; categories: Set<string> }>();
  private aiCommits = 0;
  private unknownCommits = 0;

  private category(name: string): CategoryAcc {
    let c = this.categories.get(name);
    if (!c) this.categories.set(ownString(name), (c = { aiCommits: 0, aiFiles: 0, humanOnlyCommits: 0, unknownCommits: 0 }));
    return c;
  }

  /** Returns true when the commit declares AI involvement in a sensitive file. */
  add(state: CommitState, claims: Claims | null, lines: CommitLines | null, matcher: SensitiveMatcher | null): boolean {
    if (claims && (state === 'used' || state === 'none')) {
      const ai = new Map<string, number>();
      const human = new Set<string>();
      const folders = new Map<string, Set<string>>();
      for (const f of claims.sensitive) {
        if (state === 'used' && f.ai.length > 0) {
          ai.set(f.category, (ai.get(f.category) ?? 0) + 1);
          const folder = topFolder(f.path);
          let cats = folders.get(folder);
          if (!cats) folders.set(folder, (cats = new Set()));
          cats.add(f.category);
        } else {
          human.add(f.category);
        }
      }
      for (const [name, files] of ai) {
        const c = this.category(name);
        c.aiCommits++;
        c.aiFiles += files;
      }
      for (const name of human) if (!ai.has(name)) this.category(name).humanOnlyCommits++;
      for (const [folder, cats] of folders) {
        let f = this.folders.get(folder);
        if (!f) this.folders.set(ownString(folder), (f = { aiCommits: 0, categories: new Set() }));
        f.aiCommits++;
        for (const c of cats) if (!f.categories.has(c)) f.categories.add(ownString(c));
      }
      if (ai.size) this.aiCommits++;
      return ai.size > 0;
    }
    if (UNKNOWN.has(state) && matcher && lines) {
      const hit = new Set<string>();
      for (const f of lines.files) {
        const category = matcher(f.path) ?? (f.from ? matcher(f.from) : null);
        if (category) hit.add(category);
      }
      for (const name of hit) this.category(name).unknownCommits++;
      if (hit.size) this.unknownCommits++;
    }
    return false;
  }

  merge(other: SensitiveCounter): void {
    for (const [name, o] of other.categories) {
      const c = this.category(name);
      c.aiCommits += o.aiCommits;
      c.aiFiles += o.aiFiles;
      c.humanOnlyCommits += o.humanOnlyCommits;
      c.unknownCommits += o.unknownCommits;
    }
    for (const [folder, o] of other.folders) {
      let f = this.folders.get(folder);
      if (!f) this.folders.set(folder, (f = { aiCommits: 0, categories: new Set() }));
      f.aiCommits += o.aiCommits;
      for (const c of o.categories) f.categories.add(c);
    }
    this.aiCommits += other.aiCommits;
    this.unknownCommits += other.unknownCommits;
  }

  summary(): SensitiveSummary {
    const byCategory: SensitiveCategoryRow[] = [...this.categories]
      .map(([category, c]) => ({ category, ...c }))
      .sort((a, b) => b.aiCommits - a.aiCommits || b.unknownCommits - a.unknownCommits || a.category.localeCompare(b.category));
    const byFolder: SensitiveFolderRow[] = [...this.folders]
      .map(([folder, f]) => ({ folder, aiCommits: f.aiCommits, categories: [...f.categories].sort() }))
      .sort((a, b) => b.aiCommits - a.aiCommits || a.folder.localeCompare(b.folder));
    return { aiCommits: this.aiCommits, unknownCommits: this.unknownCommits, byCategory, byFolder };
  }
}
