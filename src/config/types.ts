import type { IntegrationPath } from '../core/model.js';

/** Plain types of the config (the zod schema in ./schema.ts validates files into these). */

export interface ToolEntry {
  /** Registry id, used in trailers: lower-case letters, digits and dashes. */
  id: string;
  name: string;
  via: IntegrationPath;
  /** Assessed and approved by the organisation; verify flags use of unapproved tools. */
  approved: boolean;
  /** Exact model ids seen with this tool, offered first at the prompt. */
  models: string[];
  approval?: ToolApproval;
}

/** Who approved a tool, when (ISO 8601), and whether a capture adapter covers it or only attestations. */
export interface ToolApproval {
  by: string;
  at: string;
  coverage: 'capture' | 'attestation-only';
}

export interface SensitiveCategory {
  /** e.g. `security-controls`, `iam-network-policy`, `credentials`, `compliance-scope`. */
  category: string;
  description: string;
  /** Globs matched case-insensitively unless caseSensitive (src/config/glob.ts). */
  globs: string[];
  /** Whole words of a path (split at separators and camelCase) that make it sensitive. */
  words?: string[];
  caseSensitive?: boolean;
}

export type CheckLevel = 'fail' | 'warn' | 'off';

export type ExemptAuthor = string | { author: string; signingKeys: string[] };

export interface Policy {
  /** A commit with no terminal and no answers: refuse it, or record it as undeclared. */
  noAnswers: 'fail' | 'record-undeclared';
  exempt: {
    merges: boolean;
    /**
     * Authors (exact email or name) whose commits need no attestation when git verifies the
     * commit's signature by one of `signingKeys` (GnuPG fingerprints, SSH `SHA256:` fingerprints).
     * A plain string names no key and never exempts (reported as author-unverified).
     */
    authors: ExemptAuthor[];
    /** The adoption point's full commit id: it and its ancestors are before adoption. */
    before: string | null;
  };
  /** Result name (see verify) -> level. */
  checks: Record<string, CheckLevel>;
  /** Signer identity mapping: commit author email -> extra accepted key user-id emails. */
  identities: Record<string, string[]>;
  /** Key emails accepted as signers of carry statements whatever the commit's author (CI's key). */
  carriers: string[];
}

export interface Config {
  version: 1;
  tools: ToolEntry[];
  sensitive: SensitiveCategory[];
  policy: Policy;
  /** Repository-relative folder of trusted public keys (committed). */
  keyring: string;
  /** When a detail record (prompts, raw output) is kept; absent in configs cached by older builds. */
  detail?: DetailPolicy;
}

/**
 * The detail tier's policy. `policy`: a record is required when AI touched a sensitive path
 * (`sensitivePaths`) or wrote more than `aiLinesOver` lines of captured output (null: size never
 * requires one); `always` / `never` override both.
 */
export interface DetailPolicy {
  when: 'policy' | 'always' | 'never';
  sensitivePaths: boolean;
  aiLinesOver: number | null;
  /** Repository-relative folder of the compliance recipients' public keys (committed). */
  recipients: string;
  /** Also encrypt to the attester's own key (off: only compliance reads prompts). */
  developerReads: boolean;
}
