import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { KeyError } from '../errors.js';

/** $AI_ATTEST_HOME, else $XDG_CONFIG_HOME/ai-attest, else ~/.config/ai-attest. */
export function aiAttestHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AI_ATTEST_HOME) return env.AI_ATTEST_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'ai-attest');
  return join(env.HOME || homedir(), '.config', 'ai-attest');
}

export function keysDir(home: string): string {
  return join(home, 'keys');
}

export function secretKeyPath(home: string, fingerprint: string): string {
  return join(keysDir(home), `${fingerprint}.key.asc`);
}

export function publicKeyPath(home: string, fingerprint: string): string {
  return join(keysDir(home), `${fingerprint}.pub.asc`);
}

/** openpgp.js makes one with every key: kept so a lost or stolen key can still be revoked. */
export function revocationCertificatePath(home: string, fingerprint: string): string {
  return join(keysDir(home), `${fingerprint}.rev.asc`);
}

function defaultKeyPath(home: string): string {
  return join(home, 'default-key');
}

/** Private keys live here, so the directory is 0700 even when it already existed. */
export async function ensureKeysDir(home: string): Promise<string> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const dir = keysDir(home);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

// Reads here are synchronous on purpose: they are tiny, and inside a git hook the first async
// fs call costs milliseconds of thread-pool start-up.

export async function readDefaultFingerprint(home: string): Promise<string | null> {
  try {
    const text = readFileSync(defaultKeyPath(home), 'utf8').trim();
    return text ? normalizeFingerprint(text) : null;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function writeDefaultFingerprint(home: string, fingerprint: string): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  await writeFile(defaultKeyPath(home), `${fingerprint}\n`);
}

/** Accepts the spellings people paste: spaces, a 0x prefix, lower case. */
export function normalizeFingerprint(input: string): string {
  const hex = input.replace(/\s+/g, '').replace(/^0x/i, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex))
    throw new KeyError(`"${input}" is not a key fingerprint: give the 40 hex digits shown by \`ai-attest keys list\`.`);
  return hex;
}

export interface StoredKeyFiles {
  fingerprint: string;
  hasSecret: boolean;
  hasPublic: boolean;
}

export async function storedKeys(home: string): Promise<StoredKeyFiles[]> {
  let names: string[];
  try {
    names = readdirSync(keysDir(home));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const byFpr = new Map<string, StoredKeyFiles>();
  for (const name of names) {
    const m = /^([0-9A-F]{40})\.(key|pub)\.asc$/.exec(name);
    if (!m) continue;
    const entry = byFpr.get(m[1]!) ?? { fingerprint: m[1]!, hasSecret: false, hasPublic: false };
    if (m[2] === 'key') entry.hasSecret = true;
    else entry.hasPublic = true;
    byFpr.set(m[1]!, entry);
  }
  return [...byFpr.values()].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

/**
 * Picks a stored key: the one asked for (a fingerprint or its key-id suffix), else the default,
 * else the only key there is.
 */
export async function resolveStoredKey(home: string, wanted?: string, needSecret = false): Promise<string> {
  if (!wanted) {
    // The hook's common case: the default key is there, no directory listing needed.
    const preferred = await readDefaultFingerprint(home);
    if (preferred && existsSync((needSecret ? secretKeyPath : publicKeyPath)(home, preferred))) return preferred;
  }
  const keys = (await storedKeys(home)).filter((k) => !needSecret || k.hasSecret);
  if (wanted) {
    const fpr = normalizeFingerprint(wanted);
    const matches = keys.filter((k) => k.fingerprint.endsWith(fpr));
    if (fpr.length >= 16 && matches.length === 1) return matches[0]!.fingerprint;
    if (matches.length > 1)
      throw new KeyError(`"${wanted}" matches several keys: give the full fingerprint (see \`ai-attest keys list\`).`);
    throw new KeyError(
      `No ${needSecret ? 'private ' : ''}key ${wanted} in ${keysDir(home)}: run \`ai-attest keys ` +
        `list\` to see the keys there, or \`ai-attest keys import FILE\`.`,
    );
  }
  const preferred = await readDefaultFingerprint(home);
  if (preferred && keys.some((k) => k.fingerprint === preferred)) return preferred;
  if (keys.length === 1) return keys[0]!.fingerprint;
  if (keys.length === 0) {
    throw new KeyError(
      `No ${needSecret ? 'signing ' : ''}key in ${keysDir(home)}: run \`ai-attest keys generate\` or \`ai-attest keys import FILE\`.`,
    );
  }
  throw new KeyError(
    `Several keys in ${keysDir(home)} and no default: pick one with \`ai-attest keys default FINGERPRINT\` (see \`ai-attest keys list\`).`,
  );
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
