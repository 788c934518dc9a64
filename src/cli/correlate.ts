import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('correlate')
    .description(
      "join model providers' request logs with the trail's captured request ids: model " +
        'mismatches, unknown ids, unaccounted calls, differing output',
    )
    .argument('<logs...>', 'provider log files: JSON Lines, a JSON array, or an export that wraps the records (records, logs, value)')
    .option(
      '--provider <provider>',
      'anthropic, openai, bedrock (ModelInvocationLog), azure-apim, vertex, generic (default: recognised per record)',
    )
    .option(
      '--map <file>',
      'for --provider generic: JSON mapping {requestId, responseId, clientId, model, time, output} to dotted paths in each record',
    )
    .option('--range <revs...>', "the commits to join with (as git log takes them); default: HEAD's commits not on its upstream")
    .option('--format <format>', 'text (default) or json (schema ai-attest/correlate@1)')
    .option('--json', 'same as --format json')
    .option('--fail-on-findings', 'exit 1 when there is a finding (default: exit 0, findings are for follow-up)')
    .addHelpText(
      'after',
      '\nNothing is stored: correlate reads the logs and the trail and prints ids and models, never prompt or output text.\n' +
        'Examples:\n  ai-attest correlate bedrock-invocations.jsonl --range v1.0..v2.0\n  ai-attest ' +
        'correlate apim-logs.json --provider azure-apim --json\n  ai-attest correlate calls.jsonl ' +
        '--provider generic --map map.json\n',
    )
    .action(async (logs: string[], options) => {
      const { runCorrelate } = await import('../commands/correlate.js');
      await runCorrelate(logs, { ...options, failOn: options.failOnFindings });
    });
}
