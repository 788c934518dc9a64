import { ExitCode } from '../errors.js';
import { resolveNotesRemote } from '../sync/remote.js';
import { syncNotes, type SyncResult } from '../sync/sync.js';
import { withheldMessage } from '../sync/push-notes.js';
import { colours, printJson } from '../ui/output.js';

export interface SyncReport extends SyncResult {
  schema: 'ai-attest/sync@1';
}

export async function syncCommand(remoteName: string | undefined, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<SyncReport> {
  const remote = await resolveNotesRemote(remoteName, options);
  return { schema: 'ai-attest/sync@1', ...(await syncNotes({ ...options, remote })) };
}

export async function runSync(remoteName: string | undefined, options: { json?: boolean }): Promise<void> {
  const report = await syncCommand(remoteName, { cwd: process.cwd(), env: process.env });
  if (!report.ok) process.exitCode = ExitCode.UsageError;
  if (options.json) return printJson(report);
  const c = await colours();
  if (!report.ok) {
    const f = report.failure!;
    process.stderr.write(
      `ai-attest: notes sync with ${report.remote} failed at ${f.stage}: ${f.message}\n` +
        'ai-attest: nothing was lost: the local notes are unchanged or merged; fix the cause and ' +
        'run `ai-attest sync` again (`ai-attest doctor` helps).\n',
    );
    return;
  }
  const parts = [
    report.fetched ? "merged the remote's notes" : 'the remote had no notes yet',
    report.local === null ? 'no local notes to push' : report.pushed ? 'pushed ours' : 'the remote already had ours',
  ];
  const retried = report.rounds > 1 ? c.dim(` (${report.rounds} rounds: other clones pushed meanwhile)`) : '';
  process.stdout.write(`${c.green('synced')} refs/notes/ai-attest with ${report.remote}: ${parts.join(', ')}${retried}\n`);
  const kept = withheldMessage(report.withheld.length, report.remote);
  if (kept) process.stdout.write(`${c.yellow(kept.replace(/^ai-attest: /, ''))}\n`);
}
