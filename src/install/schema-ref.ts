import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findPackageDir } from './package-dir.js';

/** The address `init` wrote before the schema was shipped; no server answers it. */
const DEAD_SCHEMA_URL = 'https://ai-attest.dev/schema/config-v1.json';
const LOCAL_COPY = 'config.schema.json';

/**
 * What the config's `$schema` points at, relative to `.ai-attest/` so editors resolve it in
 * every clone: the schema of a local install (`node_modules/ai-attest`, kept current by npm), or
 * else a copy of the running package's schema next to the config, refreshed by every `init`.
 */
export async function configSchemaReference(top: string): Promise<{ ref: string; copied: boolean }> {
  if (existsSync(join(top, 'node_modules', 'ai-attest', 'schema', 'config.schema.json'))) {
    return { ref: '../node_modules/ai-attest/schema/config.schema.json', copied: false };
  }
  const shipped = join(findPackageDir(import.meta.url), 'schema', 'config.schema.json');
  const target = join(top, '.ai-attest', LOCAL_COPY);
  const [want, have] = await Promise.all([readFile(shipped, 'utf8'), readFile(target, 'utf8').catch(() => null)]);
  if (want !== have) await copyFile(shipped, target);
  return { ref: `./${LOCAL_COPY}`, copied: want !== have };
}

/** A config written by an older init points at the dead address: swap in the resolvable one, text otherwise untouched. */
export function replaceDeadSchemaUrl(text: string, ref: string): string | null {
  return text.includes(`"${DEAD_SCHEMA_URL}"`) ? text.replace(`"${DEAD_SCHEMA_URL}"`, JSON.stringify(ref)) : null;
}
