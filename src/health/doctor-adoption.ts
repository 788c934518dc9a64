import { CONFIG_PATH } from '../config/defaults.js';
import type { Config } from '../config/types.js';
import { commitThatAdded } from '../git/history.js';
import type { DoctorCheck } from './doctor-types.js';

/**
 * A config created before `init` pinned the adoption point leaves the history before it
 * unexempt: every old commit then fails verify as missing, and the first push that carries
 * them is refused. The commit that added the config tells where adoption happened.
 */
export async function checkAdoption(options: { cwd: string; env: NodeJS.ProcessEnv }, config: Config | null): Promise<DoctorCheck[]> {
  if (!config) return [];
  if (config.policy.exempt.before) {
    return [
      { id: 'adoption', status: 'ok', message: `history up to ${config.policy.exempt.before.slice(0, 12)} counts as before adoption` },
    ];
  }
  const added = await commitThatAdded(CONFIG_PATH, options);
  const parent = added?.parents[0];
  if (!parent) return [];
  return [
    {
      id: 'adoption',
      status: 'problem',
      message:
        `${CONFIG_PATH} was added on top of existing history (${added.commit.slice(0, 12)}), but no ` +
        `adoption point is set: verify fails every earlier commit as missing`,
      fix: `set "before": "${parent}" under policy.exempt in ${CONFIG_PATH} and commit it`,
    },
  ];
}
