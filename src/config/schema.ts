import { z } from 'zod';
import { INTEGRATION_PATHS } from '../core/model.js';
import { sensitiveProblems } from './sensitive.js';
import { TOOL_ID } from '../core/answer-values.js';

/**
 * The config file's schema. Objects are strict so that a misspelt field is an error naming
 * it, not a setting silently ignored. `schema/config.schema.json` is generated from this.
 */
const toolId = z.string().regex(TOOL_ID, 'tool ids are lower-case letters, digits and dashes');
const checkLevel = z.enum(['fail', 'warn', 'off']);

export const toolEntrySchema = z.strictObject({
  id: toolId,
  name: z.string().min(1),
  via: z.enum(INTEGRATION_PATHS),
  approved: z.boolean(),
  models: z.array(z.string().min(1)).default([]),
  /** Written by `ai-attest tools approve`: who assessed the tool, when, and its trail coverage. */
  approval: z.strictObject({ by: z.string().min(1), at: z.string().min(1), coverage: z.enum(['capture', 'attestation-only']) }).optional(),
});

export const sensitiveCategorySchema = z.strictObject({
  category: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'categories are lower-case letters, digits and dashes'),
  description: z.string().default(''),
  globs: z.array(z.string().min(1)).default([]),
  words: z.array(z.string().regex(/^[\p{L}\p{N}]+$/u, 'a word is letters and digits only (it matches a whole word of a path)')).default([]),
  caseSensitive: z.boolean().default(false),
});

export const policySchema = z.strictObject({
  noAnswers: z.enum(['fail', 'record-undeclared']).default('record-undeclared'),
  exempt: z
    .strictObject({
      merges: z.boolean().default(true),
      authors: z
        .array(z.union([z.string(), z.strictObject({ author: z.string().min(1), signingKeys: z.array(z.string().min(1)).min(1) })]))
        .default([]),
      before: z.string().nullable().default(null),
    })
    .default({ merges: true, authors: [], before: null }),
  checks: z.record(z.string(), checkLevel).default({}),
  identities: z.record(z.string(), z.array(z.string())).default({}),
  carriers: z.array(z.string().min(1)).default([]),
});

export const detailPolicySchema = z.strictObject({
  when: z.enum(['policy', 'always', 'never']).default('policy'),
  sensitivePaths: z.boolean().default(true),
  aiLinesOver: z.number().int().min(0).nullable().default(200),
  recipients: z.string().min(1).default('.ai-attest/recipients'),
  developerReads: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  tools: z.array(toolEntrySchema).superRefine((tools, ctx) => {
    const seen = new Set<string>();
    for (const [index, tool] of tools.entries()) {
      if (seen.has(tool.id)) ctx.addIssue({ code: 'custom', message: `duplicate tool id "${tool.id}"`, path: [index, 'id'] });
      seen.add(tool.id);
    }
  }),
  sensitive: z
    .array(sensitiveCategorySchema)
    .default([])
    .superRefine((categories, ctx) => {
      for (const problem of sensitiveProblems(categories)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.where });
    }),
  policy: policySchema.default({
    noAnswers: 'record-undeclared',
    exempt: { merges: true, authors: [], before: null },
    checks: {},
    identities: {},
    carriers: [],
  }),
  keyring: z.string().default('.ai-attest/keys'),
  detail: detailPolicySchema.default({
    when: 'policy',
    sensitivePaths: true,
    aiLinesOver: 200,
    recipients: '.ai-attest/recipients',
    developerReads: false,
  }),
});
