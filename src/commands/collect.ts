import { collect, type CollectResult } from '../store/collect.js';
import { safeText } from '../ui/safe-text.js';
import { printJson } from '../ui/output.js';

export interface CollectCliOptions {
  store: string;
  parquet?: string;
  json?: boolean;
}

/** `ai-attest collect REPO... --store PATH [--parquet DIR]`. */
export async function runCollect(sources: string[], options: CollectCliOptions): Promise<void> {
  const tty = process.stderr.isTTY;
  const result = await collect({
    store: options.store,
    sources,
    cwd: process.cwd(),
    env: process.env,
    ...(tty
      ? { onCommit: (name: string, n: number) => n % 500 === 0 && process.stderr.write(`\rcollect: ${safeText(name)}: ${n} commits`) }
      : {}),
  });
  if (tty) process.stderr.write('\r\x1b[K');
  let parquet = null;
  if (options.parquet) {
    const { exportFromStore } = await import('../store/export.js');
    parquet = await exportFromStore(options.store, options.parquet);
  }
  if (options.json) {
    printJson({ ...result, parquet });
    return;
  }
  process.stdout.write(renderCollect(result));
  if (parquet)
    process.stdout.write(
      `Parquet: ${parquet.tables.map((t) => `${t.table} ${t.rows}`).join(', ')} rows under ${safeText(parquet.directory)}\n`,
    );
}

export function renderCollect(result: CollectResult): string {
  const lines = result.repositories.map((r) => {
    const what =
      r.mode === 'unchanged'
        ? 'unchanged'
        : `${r.added} new commit${r.added === 1 ? '' : 's'}` +
          `${r.rejudged ? `, ${r.rejudged} re-judged (notes changed)` : ''}` +
          `${r.mode === 'full' ? ` (full: ${r.why})` : ''}`;
    return `${safeText(r.name)}: ${what}; ${r.commits} in the store`;
  });
  return `${lines.join('\n')}\nstore: ${safeText(result.store)} (schema v${result.storeSchemaVersion})\n`;
}
