import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('record')
    .description("record a coding agent's work, to pre-fill the next commit's answers (for agent hooks)")
    .requiredOption('--tool <id>', 'tool id from the registry, e.g. claude-code')
    .requiredOption('--model <id>', 'exact model id, e.g. claude-sonnet-4-5-20250929')
    .option('--via <path>', 'integration path (default: the registry)')
    .option('--file <path...>', 'files the agent wrote')
    .option('--session <id>', "the agent's session id")
    .option('--share <n>', "the agent's estimate of its share of the change, 0-100")
    .option('--stdin-json', "read the agent hook's JSON payload on stdin (tool_input.file_path, session_id)")
    .option('--json', 'print the recorded event (schema ai-attest/event@1)')
    .addHelpText(
      'after',
      '\nExample (Claude Code, .claude/settings.json, PostToolUse hook for Edit|Write):\n  npx ai-attest record --tool claude-code --model claude-sonnet-4-5-20250929 --stdin-json\n',
    )
    .action(async (options) => {
      const { runRecord } = await import('../commands/record.js');
      await runRecord(options);
    });
}
