import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { AttestError } from '../errors.js';
import type { RepoPaths } from '../git/repo.js';
import type { DoctorCheck } from './doctor-types.js';

export async function checkConfig(paths: RepoPaths): Promise<{ check: DoctorCheck; config: Config | null }> {
  try {
    const loaded = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
    if (!loaded.path) {
      return { config: loaded.config, check: { id: 'config', status: 'warn', message: 'no .ai-attest/config.json: the defaults are in use (no tool registry, no sensitive paths)', fix: 'ai-attest init' } };
    }
    return { config: loaded.config, check: { id: 'config', status: 'ok', message: `${loaded.path} is valid` } };
  } catch (error) {
    if (!(error instanceof AttestError)) throw error;
    return { config: null, check: { id: 'config', status: 'problem', message: error.message, fix: 'edit .ai-attest/config.json as the message says (`ai-attest schema` prints its JSON Schema)' } };
  }
}
