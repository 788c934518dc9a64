import { EVENT_SCHEMA } from './event.js';
import { INTEGRATION_PATHS } from '../core/model.js';
import { TOOL_ID } from '../core/answer-values.js';

const ids = { type: 'array', items: { type: 'string' } } as const;
const digests = { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]{16}$' } } as const;
const sha = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;

/** JSON Schema of the light capture event (`ai-attest schema event`); docs/capture.md explains each field. */
export function eventJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://ai-attest.dev/schema/event-2.json',
    title: 'ai-attest captured event',
    description: 'One line of $GIT_DIR/ai-attest/events.jsonl: what a coding agent did, as ids and digests (no prompt or code in clear).',
    type: 'object',
    required: ['schema', 'id', 'time', 'agent', 'tool', 'via', 'kind', 'model'],
    properties: {
      schema: { const: EVENT_SCHEMA },
      id: { type: 'string', minLength: 1 },
      time: { type: 'string', format: 'date-time' },
      agent: { type: 'string', description: 'adapter that read the payload: claude-code, cursor, codex, copilot, gemini, generic, flags' },
      tool: { type: 'string', pattern: TOOL_ID.source },
      via: { enum: [...INTEGRATION_PATHS] },
      kind: { enum: ['edit', 'prompt', 'stop', 'session'] },
      model: { type: 'string', description: 'exact model id the API reported, "pending" (see pending) or "unknown"' },
      pending: {
        type: 'object',
        required: ['from', 'transcript'],
        properties: {
          from: { enum: ['claude-transcript', 'json-transcript', 'copilot-session'] },
          transcript: { type: 'string' },
          toolUseId: { type: 'string' },
        },
        additionalProperties: false,
      },
      session: { type: 'string' },
      turn: { type: 'string' },
      requests: ids,
      responses: ids,
      file: { type: 'string', description: 'repository-relative path, / separated' },
      lines: {
        type: 'array',
        items: {
          type: 'array',
          prefixItems: [
            { type: 'integer', minimum: 1 },
            { type: 'integer', minimum: 1 },
          ],
          minItems: 2,
          maxItems: 2,
        },
      },
      written: digests,
      removed: digests,
      outputDigest: sha,
      promptDigest: sha,
      share: { type: 'integer', minimum: 0, maximum: 100 },
      ref: {
        type: 'object',
        properties: { transcript: { type: 'string' }, toolUseId: { type: 'string' }, messageIds: ids },
        additionalProperties: false,
      },
    },
    additionalProperties: true,
  };
}
