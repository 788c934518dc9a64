import type { Command } from 'commander';
import { readStdinText } from '../io/stdin.js';

export function register(program: Command): void {
  program
    .command('record')
    .description("record a coding agent's work, to pre-fill the next commit's answers (run by agent hooks)")
    .option(
      '--agent <id>',
      "read this agent's hook payload on stdin (claude-code, cursor, codex, copilot, gemini); `ai-attest agents install` wires it",
    )
    .option('--event <file>', 'read one generic JSON event from a file, or - for stdin (schema: `ai-attest schema event`)')
    .option('--tool <id>', 'tool id from the registry, e.g. claude-code (with --model)')
    .option('--model <id>', 'exact model id, e.g. claude-sonnet-4-5-20250929')
    .option('--via <path>', 'integration path (default: the registry)')
    .option('--file <path...>', 'files the agent wrote')
    .option('--session <id>', "the agent's session id")
    .option('--share <n>', "the agent's estimate of its share of the change, 0-100")
    .option('--stdin-json', "with --tool: read the agent hook's JSON payload on stdin (tool_input.file_path, session_id)")
    .option('--json', 'print the recorded events (schema ai-attest/event@2)')
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest agents install claude-code      # wires `ai-attest record --agent ' +
        'claude-code` into .claude/settings.json\n' +
        '  echo \'{"tool":"my-agent","model":"my-model-2025-01-01","file":"src/x.ts","content":"..."}\' | ai-attest record --event -\n',
    )
    .action(async () => {
      // The lean entry (dist/hook.js) does the work; bin/ai-attest.js sends `record` there.
      const { recordMain } = await import('../commands/record.js');
      const args = process.argv.slice(process.argv.indexOf('record') + 1);
      const result = await recordMain(args, { cwd: process.cwd(), env: process.env, stdin: () => readStdinText() });
      process.stdout.write(result.stdout);
    });
}
