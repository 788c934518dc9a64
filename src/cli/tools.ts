import type { Command } from 'commander';

export function register(program: Command): void {
  const tools = program.command('tools').description("the team's AI tool registry (.ai-attest/config.json): list, add and approve tools");

  tools
    .command('list')
    .description('list the registered tools: approval (who, when) and trail coverage')
    .option('--json', 'print JSON (schema ai-attest/tools@1)')
    .action(async (flags: { json?: boolean }) => {
      const { toolsList } = await import('../commands/tools.js');
      await toolsList(flags);
    });

  tools
    .command('add')
    .description('register a tool (not approved until `ai-attest tools approve`)')
    .argument('<id>', 'registry id: lower-case letters, digits and dashes, e.g. my-agent')
    .requiredOption('--name <name>', 'display name, e.g. "My Agent"')
    .option('--via <path>', 'integration path: ide-plugin, cli-agent, web-chat, ci-generator, api or other', 'other')
    .option('--model <id...>', 'exact model ids the team uses with it (offered first at the prompt)')
    .option('--json', 'print JSON (schema ai-attest/tools@1)')
    .action(async (id: string, flags: { name: string; via: string; model?: string[]; json?: boolean }) => {
      const { toolsAdd } = await import('../commands/tools.js');
      await toolsAdd(id, flags);
    });

  tools
    .command('approve')
    .description('approve a registered tool after assessing it: records who approved it, when, and its trail coverage')
    .argument('<id>', 'registry id of the tool')
    .option('--json', 'print JSON (schema ai-attest/tools@1)')
    .action(async (id: string, flags: { json?: boolean }) => {
      const { toolsApprove } = await import('../commands/tools.js');
      await toolsApprove(id, flags);
    });
}
