import { repoPaths } from '../git/repo.js';
import { replayNotes } from '../sync/replay.js';
import { colours, printJson } from '../ui/output.js';

/**
 * Files notes that the post-commit hook had to leave aside (lock busy, git error) or never filed
 * (killed), and detail records likewise.
 */
export async function runNotesFlush(options: { json?: boolean }): Promise<void> {
  const opts = { cwd: process.cwd(), env: process.env };
  const paths = await repoPaths(opts);
  const { filed, detail, waiting } = await replayNotes({ ...opts, gitDir: paths.gitDir, commonDir: paths.commonDir });
  if (options.json) return printJson({ schema: 'ai-attest/notes-flush@1', filed, detail, waiting });
  const c = await colours();
  const lines: string[] = [];
  if (filed.length) lines.push(`${c.green('filed')} ${filed.length} note(s): ${filed.map((f) => f.slice(0, 12)).join(', ')}`);
  if (detail.length) lines.push(`${c.green('filed')} ${detail.length} detail record(s): ${detail.map((f) => f.slice(0, 12)).join(', ')}`);
  if (waiting.length)
    lines.push(
      `${waiting.length} prepared note(s) wait for a commit that does not exist (an aborted commit?): kept in .git/ai-attest/pending/`,
    );
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'nothing to file\n');
}
