import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('drill')
    .description(
      'a fire drill: trace random line ranges as an incident responder would and report every gap the trail would show (exit 1 on a gap)',
    )
    .option('--count <n>', 'how many line ranges to draw', '10')
    .option('--seed <n>', 'draw the same ranges again (default: the current time, printed)')
    .option('--paths <glob>', 'draw only from files matching this glob (repository-relative)')
    .option('--sensitive', 'draw only from files matching the sensitive-path globs')
    .option('--since <date>', 'only files and contributions committed since this date (YYYY-MM-DD)')
    .option('--remote <remote>', "also compare the drilled commits' notes with this remote's")
    .option('--rev <rev>', 'the revision whose lines are drilled', 'HEAD')
    .option('--format <format>', 'text, markdown or json (schema ai-attest/drill@1)', 'text')
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  ai-attest drill --count 20 --sensitive --remote origin\n  ai-attest drill ' +
        '--seed 1764460800 --format markdown -o drill.md\n\nGaps, scorecard and a scheduled ' +
        'workflow: docs/drill.md\n',
    )
    .action(async (options) => {
      const { runDrill } = await import('../commands/drill.js');
      process.exitCode = await runDrill(options);
    });
}
