import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_PATH } from '../config/defaults.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { AttestError } from '../errors.js';
import type { RepoPaths } from '../git/repo.js';
import { CHECKS, FAILURE_RESULTS } from '../read/evaluate/types.js';
import type { DoctorCheck } from './doctor-types.js';

const FIX = 'edit .ai-attest/config.json as the message says (`ai-attest schema` prints its JSON Schema)';

/**
 * The config, with every problem in one report: the schema's findings and the `policy.checks`
 * names verify does not report (which verify itself only checks once the schema passes).
 */
export async function checkConfig(paths: RepoPaths): Promise<{ check: DoctorCheck; config: Config | null }> {
  try {
    const loaded = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
    if (!loaded.path) {
      return {
        config: loaded.config,
        check: {
          id: 'config',
          status: 'warn',
          message: 'no .ai-attest/config.json: the defaults are in use (no tool registry, no sensitive paths)',
          fix: 'ai-attest init',
        },
      };
    }
    const names = unknownCheckNames(loaded.config.policy.checks);
    if (names) return { config: loaded.config, check: { id: 'config', status: 'problem', message: names, fix: FIX } };
    return { config: loaded.config, check: { id: 'config', status: 'ok', message: `${loaded.path} is valid` } };
  } catch (error) {
    if (!(error instanceof AttestError)) throw error;
    const names = paths.top ? unknownCheckNames(await rawChecks(join(paths.top, CONFIG_PATH))) : null;
    return {
      config: null,
      check: { id: 'config', status: 'problem', message: names ? `${error.message}\n${names}` : error.message, fix: FIX },
    };
  }
}

function unknownCheckNames(checks: Record<string, unknown> | null): string | null {
  const known = new Set<string>([...CHECKS, ...Object.values(FAILURE_RESULTS).flat()]);
  const unknown = Object.keys(checks ?? {}).filter((name) => !known.has(name));
  if (unknown.length === 0) return null;
  const named = unknown.map((u) => `"${u}"`).join(', ');
  return `policy.checks names ${named}, which verify does not report. Known names: ${[...known].join(', ')}.`;
}

async function rawChecks(path: string): Promise<Record<string, unknown> | null> {
  try {
    const raw = JSON.parse(await readFile(path, 'utf8')) as { policy?: { checks?: unknown } };
    const checks = raw.policy?.checks;
    return checks && typeof checks === 'object' && !Array.isArray(checks) ? (checks as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
