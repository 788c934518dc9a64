import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { CONFIG_PATH, defaultConfig } from './defaults.js';
import { jsonErrorPlace } from './json-error.js';
import type { Config } from './types.js';
import { writeFileAtomic } from '../io/atomic-write.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file, or null when the defaults are in use (no file yet). */
  path: string | null;
}

/**
 * Reads and validates `.ai-attest/config.json`. Validation needs zod (~75 ms to import), too
 * slow for a commit hook, so a validated copy is cached under the git dir, keyed by the file's
 * SHA-256: an unchanged file is never validated twice, a changed one always is.
 */
export async function loadConfig(options: { top: string | null; commonDir?: string }): Promise<LoadedConfig> {
  if (!options.top) return { config: defaultConfig(), path: null };
  const path = join(options.top, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), path: null };
    throw new ConfigError(`cannot read ${CONFIG_PATH}: ${(error as Error).message}`);
  }
  return {
    config: await configFromText(text, { label: CONFIG_PATH, ...(options.commonDir ? { commonDir: options.commonDir } : {}) }),
    path,
  };
}

/** A config file's text validated, through the cache under `commonDir` when given (the read side's trusted revision shares it). */
export async function configFromText(text: string, options: { label: string; commonDir?: string }): Promise<Config> {
  const digest = createHash('sha256').update(text).digest('hex');
  const cachePath = options.commonDir ? join(options.commonDir, 'ai-attest', 'config-cache.json') : null;
  if (cachePath) {
    const cached = await readCache(cachePath, digest);
    if (cached) return cached;
  }
  const config = await validateConfigText(text, options.label);
  if (cachePath) await writeCache(cachePath, digest, config);
  return config;
}

export async function validateConfigText(text: string, label: string): Promise<Config> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const place = jsonErrorPlace(text);
    const where = place ? ` at line ${place.line}, column ${place.column} (expected ${place.expected})` : ` (${(error as Error).message})`;
    throw new ConfigError(
      `${label} is not valid JSON${where}. Fix the file, or move it away and run \`ai-attest init\` to write a fresh one.`,
    );
  }
  const { configSchema } = await import('./schema.js');
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
      return `  ${where}: ${issue.message}`;
    });
    throw new ConfigError(
      `${label} is invalid:\n${issues.join('\n')}\nFix these fields (the JSON Schema in ` +
        `schema/config.schema.json helps editors check them).`,
    );
  }
  const { $schema: _schema, ...config } = result.data;
  return config as Config;
}

async function readCache(path: string, digest: string): Promise<Config | null> {
  try {
    const cached = JSON.parse(await readFile(path, 'utf8')) as { digest?: string; config?: Config };
    return cached.digest === digest && cached.config ? cached.config : null;
  } catch {
    return null;
  }
}

async function writeCache(path: string, digest: string, config: Config): Promise<void> {
  try {
    await writeFileAtomic(path, JSON.stringify({ digest, config }), { mkdir: true });
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}
