import { writeFile } from 'node:fs/promises';
import { KeyError } from '../errors.js';
import { exportPublicKey, listKeys, setDefaultKey, type StoredKeyInfo } from '../crypto/keystore.js';
import { keyringFileName } from '../crypto/keyring-files.js';
import { generateUserKey } from '../keys/generate.js';
import { importUserKey } from '../keys/import.js';
import { passphraseFromEnv } from '../keys/passphrase-env.js';
import { colours, printJson } from '../ui/output.js';

/** `ai-attest keys generate|list|export|import|default`: argument handling and printing only. */

export interface GenerateFlags {
  name?: string;
  email?: string;
  passphraseEnv?: string;
  expires?: string;
  default?: boolean;
  json?: boolean;
}

export async function keysGenerate(flags: GenerateFlags, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const expiresInDays = flags.expires === undefined ? undefined : days(flags.expires);
  const passphrase = passphraseFromEnv(flags.passphraseEnv, env);
  const info = await generateUserKey(
    { name: flags.name, email: flags.email, passphrase, expiresInDays, makeDefault: flags.default },
    { cwd: process.cwd(), env },
  );
  if (flags.json) return printJson(info);
  const c = await colours();
  process.stdout.write(`${c.green('Generated')} ${describe(info, c.bold)}\n`);
  process.stdout.write(
    '\nTo let a repository trust it, commit its public key:\n' +
      `  mkdir -p .ai-attest/keys && ai-attest keys export ${info.fingerprint} > .ai-attest/keys/` +
      `${keyringFileName(info.userIds[0] ?? '', info.fingerprint)}\n` +
      '(`ai-attest init` does this for the default key.)\n',
  );
}

export async function keysList(flags: { json?: boolean }): Promise<void> {
  const keys = await listKeys();
  if (flags.json) return printJson(keys);
  if (keys.length === 0) {
    process.stdout.write('No keys yet: run `ai-attest keys generate` or `ai-attest keys import FILE`.\n');
    return;
  }
  const c = await colours();
  for (const key of keys) process.stdout.write(`${describe(key, c.bold)}\n`);
}

export async function keysExport(fingerprint: string | undefined, flags: { output?: string }): Promise<void> {
  const armored = await exportPublicKey({ fingerprint });
  if (!flags.output) {
    process.stdout.write(armored.endsWith('\n') ? armored : `${armored}\n`);
    return;
  }
  await writeFile(flags.output, armored);
  process.stderr.write(`Wrote the public key to ${flags.output}\n`);
}

export async function keysImport(
  file: string,
  flags: { passphraseEnv?: string; default?: boolean; json?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const info = await importUserKey(file, { passphraseEnv: flags.passphraseEnv, makeDefault: flags.default }, env);
  if (flags.json) return printJson(info);
  const c = await colours();
  process.stdout.write(`${c.green('Imported')} ${describe(info, c.bold)}\n`);
}

export async function keysDefault(fingerprint: string, flags: { json?: boolean }): Promise<void> {
  const chosen = await setDefaultKey({ fingerprint });
  if (flags.json) return printJson({ default: chosen });
  process.stdout.write(`Default signing key: ${chosen}\n`);
}

function describe(key: StoredKeyInfo, bold: (s: string) => string): string {
  const marks = [
    key.isDefault ? 'default' : '',
    key.hasSecret ? '' : 'public only',
    key.encrypted ? 'passphrase' : '',
    key.revoked && key.revokedAt ? `revoked ${day(key.revokedAt)}` : '',
  ].filter(Boolean);
  const expiry = key.expires ? `${key.expires.getTime() <= Date.now() ? 'expired' : 'expires'} ${day(key.expires)}` : 'never expires';
  return (
    `${bold(key.fingerprint)}${marks.length ? `  [${marks.join(', ')}]` : ''}\n` +
    key.userIds.map((u) => `  ${u}\n`).join('') +
    `  ${key.algorithm}, created ${day(key.created)}, ${expiry}`
  );
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new KeyError(`--expires takes a whole number of days, e.g. --expires 365, not "${value}".`);
  return n;
}
