import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import { writeBufferedPart } from './buffer.js';
import { readFile } from 'node:fs/promises';
import { aiAttestHome, publicKeyPath, resolveStoredKey } from '../crypto/home.js';
import { encryptPart, parseRecipientKeys, type Recipient } from './crypt.js';
import { redactContribution } from './redact.js';
import { DetailError } from './errors.js';
import { resolveDetailTrust } from './trust.js';
import type { BufferedPart, DetailContribution, DetailPlaintext, RedactionCounts } from './types.js';

export interface SealOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  gitDir: string;
  /** Recipients to use instead of the trust revision's (tests, rotation). */
  recipients?: readonly Recipient[];
  /** A stable key (e.g. session and turn id): sealing the same contribution again replaces it. */
  key?: string;
}

export interface SealResult {
  id: string;
  path: string;
  redactions: RedactionCounts;
  recipients: string[];
}

/**
 * The recipients of the trust revision (src/detail/trust.ts), and the developer's own key where
 * its policy says so. A branch's own recipient keys and policy edits are never applied here.
 */
async function trustedRecipients(options: SealOptions): Promise<Recipient[]> {
  const { state, recipients } = await resolveDetailTrust({ cwd: options.cwd, env: options.env, gitDir: options.gitDir });
  if (recipients.length === 0) {
    throw new DetailError(
      `no compliance recipients at the trust revision (${state.trust.description}): commit their ` +
        `public keys under ${state.policy.recipients}/ (e.g. \`gpg --export --armor FPR > ` +
        `${state.policy.recipients}/compliance.asc\`) and merge them into the default branch; then ` +
        `detail records can be sealed.`,
    );
  }
  if (!state.policy.developerReads) return recipients;
  const own = await developerRecipient(options.env ?? process.env);
  return own && !recipients.some((r) => r.fingerprint === own.fingerprint) ? [...recipients, own] : recipients;
}

async function developerRecipient(env: NodeJS.ProcessEnv): Promise<Recipient | null> {
  const home = aiAttestHome(env);
  const fingerprint = await resolveStoredKey(home).catch(() => null);
  if (!fingerprint) return null;
  const content = await readFile(publicKeyPath(home, fingerprint)).catch(() => null);
  if (!content) return null;
  // A key without an encryption subkey cannot be a reader: the record still goes to compliance.
  const [own] = await parseRecipientKeys([{ path: publicKeyPath(home, fingerprint), content }]).catch(() => [] as Recipient[]);
  return own ?? null;
}

export function partId(key?: string): string {
  if (!key) return randomBytes(16).toString('hex');
  return createHash('sha256').update(`ai-attest-detail\0${key}`).digest('hex').slice(0, 32);
}

/** Redacts, encrypts to the compliance recipients, and buffers one contribution. */
export async function sealContribution(contribution: DetailContribution, options: SealOptions): Promise<SealResult> {
  const recipients = options.recipients ?? (await trustedRecipients(options));
  const { contribution: clean, counts } = await redactContribution(contribution);
  const id = partId(options.key);
  const plaintext: DetailPlaintext = { ...clean, version: 1, id, redactions: counts };
  const sealed = await encryptPart(id, Buffer.from(canonicalJson(plaintext), 'utf8'), recipients);
  const part: BufferedPart = {
    ...sealed,
    version: 1,
    sealedAt: new Date().toISOString(),
    tool: contribution.tool,
    model: contribution.model,
    files: [...new Set(contribution.files)],
    outputLines: clean.outputs.reduce((n, o) => n + (o.content ? o.content.split('\n').length : 0), 0),
    ...(contribution.session ? { session: contribution.session } : {}),
  };
  const path = await writeBufferedPart(options.gitDir, part);
  return { id, path, redactions: counts, recipients: sealed.recipients };
}
