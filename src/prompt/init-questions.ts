import type { Config } from '../config/types.js';
import type { Ui } from './ui.js';

/**
 * What a team decides once, asked by an interactive `init` when it writes the config: which AI
 * tools the team uses (they are approved; the others stay listed, unapproved), which sensitive
 * areas apply, and what a commit without answers does. `init --yes` keeps the defaults.
 */
export async function askTeamDecisions(config: Config, ui: Ui): Promise<Config> {
  const used = await ui.checkbox({
    message: 'Which AI tools does your team use? (they are approved; the rest stay listed, not approved)',
    choices: config.tools.map((tool) => ({ value: tool.id, name: `${tool.name} · ${tool.via}`, short: tool.id, checked: tool.approved })),
  });
  const categories = await ui.checkbox({
    message: 'Which sensitive areas should commits report on? (their globs are in the config)',
    choices: config.sensitive.map((s) => ({
      value: s.category,
      name: `${s.category}: ${s.description}`,
      short: s.category,
      checked: true,
    })),
  });
  const noAnswers = await ui.select({
    message: 'A commit made without a terminal and without answers (GUI clients, scripts):',
    choices: [
      {
        value: 'record-undeclared' as const,
        name: 'record it as undeclared (verify flags it until `ai-attest attest`)',
        short: 'record as undeclared',
      },
      { value: 'fail' as const, name: 'refuse the commit, with the command to retry with answers', short: 'refuse' },
    ],
    default: config.policy.noAnswers,
  });
  const chosen = new Set(used);
  return {
    ...config,
    tools: config.tools.map((tool) => ({ ...tool, approved: chosen.has(tool.id) })),
    sensitive: config.sensitive.filter((s) => categories.includes(s.category)),
    policy: { ...config.policy, noAnswers },
  };
}
