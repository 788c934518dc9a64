import type { Command } from 'commander';

export function register(program: Command): void {
  const agents = program
    .command('agents')
    .description("wire capture into coding agents' own hooks (Claude Code, Cursor, Codex, Copilot, Gemini CLI)");
  agents
    .command('list')
    .description('per agent: wired in this repository and for this user, and which facts its capture gets')
    .option('--json', 'machine-readable (schema ai-attest/agents@1)')
    .action(async (options) => {
      const { runAgentsList } = await import('../commands/agents.js');
      await runAgentsList(options);
    });
  for (const [name, verb] of [
    ['install', 'add'],
    ['uninstall', 'remove exactly what install added to'],
  ] as const) {
    agents
      .command(`${name} [agent]`)
      .description(`${verb} the agent's hook settings (all agents when none is named)`)
      .option('--scope <scope>', "project (the repository's settings files) or user (your home directory)", 'project')
      .option('--command <cmd>', 'how the agent starts ai-attest (default: ai-attest on PATH), e.g. "npx --no-install ai-attest"')
      .option('--json', 'machine-readable (schema ai-attest/agents-change@1)')
      .action(async (agent: string | undefined, options) => {
        const m = await import('../commands/agents.js');
        await (name === 'install' ? m.runAgentsInstall : m.runAgentsUninstall)(agent, options);
      });
  }
}
