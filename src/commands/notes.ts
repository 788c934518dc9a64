import { flushDetailRecords } from '../detail/flush.js';
import { flushUnfiledNotes } from '../git/notes.js';
import { repoPaths } from '../git/repo.js';
import { colours, printJson } from '../ui/output.js';

/** Files notes that the post-commit hook had to leave aside (lock busy, git error). */
export async function runNotesFlush(options: { json?: boolean }): Promise<void> {
  const opts = { cwd: process.cwd(), env: process.env };
  const paths = await repoPaths(opts);
  const filed = await flushUnfiledNotes(paths.gitDir, { ...opts, commonDir: paths.commonDir });
  const detail = await flushDetailRecords(paths.gitDir, { ...opts, commonDir: paths.commonDir });
  if (options.json) return printJson({ schema: 'ai-attest/notes-flush@1', filed, detail });
  const c = await colours();
  const lines: string[] = [];
  if (filed.length) lines.push(`${c.green('filed')} ${filed.length} note(s): ${filed.map((f) => f.slice(0, 12)).join(', ')}`);
  if (detail.length) lines.push(`${c.green('filed')} ${detail.length} detail record(s): ${detail.map((f) => f.slice(0, 12)).join(', ')}`);
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'nothing to file\n');
}
