import { z } from 'zod';
import { CONFIG_SCHEMA_URL } from './defaults.js';
import { configSchema } from './schema.js';

/** JSON Schema of the config file, generated from the zod schema so the two never disagree. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: CONFIG_SCHEMA_URL, title: 'ai-attest configuration (.ai-attest/config.json)', ...schema };
}
