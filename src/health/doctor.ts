import { repoPaths } from '../git/repo.js';
import { checkAdoption } from './doctor-adoption.js';
import { checkConfig } from './doctor-config.js';
import { checkRefspecs, checkRewriteConfig } from './doctor-git-config.js';
import { checkHooks } from './doctor-hooks.js';
import { checkKey } from './doctor-key.js';
import { checkLocalNotes, checkRemoteNotes } from './doctor-notes.js';
import type { DoctorCheck } from './doctor-types.js';

export type { DoctorCheck } from './doctor-types.js';

export interface DoctorReport {
  schema: 'ai-attest/doctor@1';
  /** No problem found (warnings allowed). */
  ok: boolean;
  problems: number;
  warnings: number;
  checks: DoctorCheck[];
}

/** Every check, each with the exact fix; `offline` skips the one that asks the remote. */
export async function runDoctorChecks(options: { cwd: string; env: NodeJS.ProcessEnv; offline?: boolean }): Promise<DoctorReport> {
  const paths = await repoPaths(options);
  const { check: configCheck, config } = await checkConfig(paths);
  const groups = await Promise.all([
    checkHooks(options),
    Promise.resolve([configCheck]),
    checkAdoption(options, config),
    checkKey({ env: options.env, paths, config }),
    checkRewriteConfig(options),
    checkRefspecs(options),
    checkLocalNotes({ ...options, paths }),
    checkRemoteNotes(options, options.offline ?? false),
  ]);
  const checks = groups.flat();
  const problems = checks.filter((c) => c.status === 'problem').length;
  return { schema: 'ai-attest/doctor@1', ok: problems === 0, problems, warnings: checks.filter((c) => c.status === 'warn').length, checks };
}
