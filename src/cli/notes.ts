import type { Command } from 'commander';

export function register(program: Command): void {
  const notes = program.command('notes').description('maintain the attestation notes (refs/notes/ai-attest)');
  notes
    .command('flush')
    .description('file the notes the post-commit hook had to leave aside (lock busy or git error)')
    .option('--json', 'print a JSON report (schema ai-attest/notes-flush@1)')
    .action(async (options: { json?: boolean }) => {
      const { runNotesFlush } = await import('../commands/notes.js');
      await runNotesFlush(options);
    });
}
