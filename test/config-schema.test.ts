// @module-tag git
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../src/config/json-schema.js';
import { PROJECT_ROOT } from './helpers/repo.js';

describe('config JSON Schema', () => {
  it('shipped in schema/ matches the zod schema (regenerate: ai-attest schema config > schema/config.schema.json)', () => {
    const shipped = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schema', 'config.schema.json'), 'utf8'));
    expect(shipped).toEqual(configJsonSchema());
  });

  it('describes the fields editors need to check', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'tools', 'sensitive', 'policy', 'keyring']));
    expect(schema.additionalProperties).toBe(false);
  });
});
