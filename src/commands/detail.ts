import { rotateRecipients } from '../detail/rotate.js';
import { resolveCommit } from '../git/repo.js';
import { AttestError } from '../errors.js';
import { colours, printJson } from '../ui/output.js';

export async function runDetailRotate(commits: string[], options: { rev?: string; key?: string; json?: boolean }): Promise<void> {
  const opts = { cwd: process.cwd(), env: process.env };
  const ids: string[] = [];
  for (const c of commits) {
    const id = await resolveCommit(c, opts);
    if (!id) throw new AttestError(`no commit named "${c}".`);
    ids.push(id);
  }
  const outcome = await rotateRecipients({ ...opts, rev: options.rev, keyFile: options.key, ...(ids.length ? { commits: ids } : {}) });
  if (options.json) return printJson({ schema: 'ai-attest/detail-rotate@1', ...outcome });
  const c = await colours();
  const rotated = outcome.commits.reduce((n, x) => n + x.rotated, 0);
  const skipped = outcome.commits.reduce((n, x) => n + x.skipped, 0);
  process.stdout.write(
    `${c.green('rotated')} ${rotated} part(s) in ` +
      `${outcome.commits.filter((x) => x.rotated).length} record(s) to ` +
      `${outcome.recipients.join(', ')}\n`,
  );
  if (skipped)
    process.stdout.write(`${c.yellow('skipped')} ${skipped} part(s) your key cannot read: another current recipient must rotate them.\n`);
  process.stdout.write('Push them with `ai-attest sync`.\n');
}
