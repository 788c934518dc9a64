/**
 * The attestation model: plain types, no dependencies, safe to load inside a git hook.
 * The zod schema that validates records read back from git lives in ./schema.ts.
 */

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://ai-attest.dev/attestation/v1';
export const DSSE_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The predicate schema version this build writes; readers accept any version <= this. */
export const PREDICATE_VERSION = 2;
export const NOTES_REF = 'refs/notes/ai-attest';
export const DETAIL_NOTES_REF = 'refs/notes/ai-attest-detail';

/** How an AI tool was wired into the work. */
export const INTEGRATION_PATHS = ['ide-plugin', 'cli-agent', 'web-chat', 'ci-generator', 'api', 'other'] as const;
export type IntegrationPath = (typeof INTEGRATION_PATHS)[number];

export function isIntegrationPath(value: string): value is IntegrationPath {
  return (INTEGRATION_PATHS as readonly string[]).includes(value);
}

export interface ToolUse {
  /** Registry id of the tool, e.g. `claude-code`, `copilot`. */
  tool: string;
  /** Exact model identifier, e.g. `claude-sonnet-4-5-20250929`. */
  model: string;
  via: IntegrationPath;
}

/** `used`: AI was involved; `none`: attested human-only; `undeclared`: committed without answers. */
export type AiInvolvement = 'used' | 'none' | 'undeclared';

/** Where the answers came from. */
export type AnswerSource = 'prompt' | 'env' | 'events' | 'amend' | 'attest' | 'carry' | 'policy';

export interface SensitiveFile {
  path: string;
  /** The sensitive-path category from the config, e.g. `security-controls`. */
  category: string;
  /** Registry ids of the AI tools that touched this file; empty: human-only. */
  ai: string[];
}

export interface Binding {
  /** Tree the statement was made for. */
  tree: string;
  /** Parents in order; empty for a root commit. */
  parents: string[];
  /** `git patch-id --stable` of the change against the first parent (empty tree for a root). */
  patchId: string;
  /** The commit id, where the commit existed when the statement was signed (attest, carry). */
  commit?: string;
}

export interface Attester {
  name: string;
  email: string;
  /** OpenPGP v4 fingerprint, upper-case hex, of the signing key. */
  key: string;
}

export interface Predicate {
  version: number;
  ai: AiInvolvement;
  tools: ToolUse[];
  /** Approximate share of the change that came from AI, 0-100 (0 when ai is `none`). */
  share: number;
  sensitive: SensitiveFile[];
  attester: Attester;
  binding: Binding;
  /** ISO 8601, UTC, second precision. */
  time: string;
  source: AnswerSource;
  /** Digest of the detail-tier record (prompts, outputs), when one was captured. */
  detail?: { sha256: string };
  /** For `carry` statements: the commits whose attestations this one carries. */
  carriedFrom?: string[];
  /** Open for tools to add fields; readers keep what they do not know. Values are JSON. */
  extensions: Record<string, unknown>;
}

export interface Subject {
  name: string;
  digest: Record<string, string>;
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: Predicate;
}

export interface DsseSignature {
  /** Fingerprint of the signing key. */
  keyid: string;
  /** Base64 of the binary OpenPGP signature packet over PAE(payloadType, payload). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: typeof DSSE_PAYLOAD_TYPE;
  /** Base64 of the canonical JSON of the Statement. */
  payload: string;
  signatures: DsseSignature[];
}

/** The answers gathered at commit time, before binding and signing. */
export interface Answers {
  ai: AiInvolvement;
  tools: ToolUse[];
  share: number;
  sensitive: SensitiveFile[];
  source: AnswerSource;
  extensions?: Record<string, unknown>;
}
