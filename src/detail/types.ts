import type { IntegrationPath } from '../core/model.js';

/**
 * What capture hands over for one AI contribution (usually one agent turn, at its Stop event):
 * everything the detail tier keeps. It lives only in memory: redaction and encryption happen
 * before a byte of it reaches the disk.
 */
export interface DetailContribution {
  /** Registry id of the tool, e.g. `claude-code`. */
  tool: string;
  /** The exact model id the API returned (transcript `message.model`, payload `model`). */
  model: string;
  via: IntegrationPath;
  /** The agent's session or conversation id. */
  session?: string;
  /** The provider's request ids (`req_…`), the join key with the provider's logs. */
  requestIds: string[];
  /** Response body ids (`msg_…`, `chatcmpl-…`), generation or turn ids. */
  messageIds?: string[];
  /** ISO 8601 times of the first and last turn. */
  startedAt: string;
  endedAt: string;
  /** Repository-relative paths the contribution wrote. */
  files: string[];
  /** The prompt turns as the agent saw them (multi-turn history included). */
  turns: DetailTurn[];
  /** The raw output before human edits: edits, written content, patches. */
  outputs: DetailOutput[];
}

export interface DetailTurn {
  role: 'user' | 'assistant' | 'tool' | 'system';
  text: string;
  time?: string;
  id?: string;
}

export interface DetailOutput {
  kind: 'edit' | 'write' | 'patch' | 'other';
  file?: string;
  content: string;
  /** For edits: the text replaced (old_string), kept so the output can be replayed. */
  replaced?: string;
  time?: string;
  id?: string;
}

/** Redactions made in one contribution, by marker type (e.g. `github-token`, `high-entropy`). */
export type RedactionCounts = Record<string, number>;

/** The plaintext inside one encrypted contribution: the redacted contribution and its id. */
export interface DetailPlaintext extends DetailContribution {
  version: 1;
  id: string;
  redactions: RedactionCounts;
}

/**
 * One encrypted contribution. `data` (the OpenPGP encrypted-data packet) is what the statement's
 * digest binds; `keys` (one public-key encrypted session key packet per recipient) can be
 * replaced when recipients rotate without changing the digest.
 */
export interface SealedPart {
  id: string;
  /** Base64 of the OpenPGP packets after the session keys (SEIPD). */
  data: string;
  /** Base64 of each PKESK packet. */
  keys: string[];
  /** Fingerprints of the recipients' primary keys (upper-case hex). */
  recipients: string[];
}

/** A sealed contribution waiting in the local buffer for the commit that contains its files. */
export interface BufferedPart extends SealedPart {
  version: 1;
  sealedAt: string;
  tool: string;
  model: string;
  files: string[];
  /**
   * Lines of raw output for the files, as the agent wrote them. Informational: the size threshold
   * counts the AI-attributed lines of the commit instead (src/detail/ai-lines.ts).
   */
  outputLines: number;
  /** The agent's session: a part that names no file (a prompt) joins the commit of its session's edits. */
  session?: string;
}

/** The detail note of one commit under refs/notes/ai-attest-detail. */
export interface DetailRecord {
  type: 'ai-attest-detail';
  version: 1;
  parts: SealedPart[];
}
