import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import {
  aiAttestHome,
  publicKeyPath,
  readDefaultFingerprint,
  resolveStoredKey,
  revocationCertificatePath,
  secretKeyPath,
} from '../crypto/home.js';
import { findKeyringFile } from '../crypto/keyring-files.js';
import { resolvePassphrase } from '../crypto/passphrase.js';
import { KeyError } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { printJson } from '../ui/output.js';

const REASONS = { compromised: 'keyCompromised', superseded: 'keySuperseded', retired: 'keyRetired' } as const;
type Reason = keyof typeof REASONS;

export interface RevokeReport {
  schema: 'ai-attest/keys-revoke@1';
  fingerprint: string;
  reason: Reason;
  /** The repository keyring file now holding the revoked key, if this is a work tree that had it. */
  keyringFile: string | null;
}

/**
 * Revokes a stored key. `compromised` (the default) uses the revocation certificate made with
 * the key, so it works even when the secret key is gone, and voids every signature the key
 * made; `superseded` and `retired` need the secret key and void only signatures made after now
 * (verify follows RFC 9580 here). The revoked public key replaces the copy in the repository's
 * keyring, so verify learns of it once that file is committed.
 */
export async function keysRevoke(
  fingerprint: string | undefined,
  flags: { reason?: string; json?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const reason = (flags.reason ?? 'compromised') as Reason;
  if (!(reason in REASONS)) throw new KeyError(`--reason ${flags.reason}: use compromised, superseded or retired.`);
  const home = aiAttestHome(env);
  const fpr = await resolveStoredKey(home, fingerprint ?? (await readDefaultFingerprint(home)) ?? undefined);
  const pgp = await import('openpgp');
  const publicKey = await pgp.readKey({ armoredKey: await readFile(publicKeyPath(home, fpr), 'utf8') });
  let revoked: string;
  if (reason === 'compromised') {
    const certificate = await readFile(revocationCertificatePath(home, fpr), 'utf8').catch(() => null);
    if (!certificate)
      throw new KeyError(
        `No revocation certificate for ${fpr} in ${home}: revoke it with its secret key instead (--reason superseded or retired).`,
      );
    revoked = (await pgp.revokeKey({ key: publicKey, revocationCertificate: certificate, format: 'armored' })).publicKey;
  } else {
    const armored = await readFile(secretKeyPath(home, fpr), 'utf8').catch(() => null);
    if (!armored)
      throw new KeyError(
        `--reason ${reason} needs the secret key of ${fpr}, which is not stored here; --reason ` +
          `compromised uses the revocation certificate.`,
      );
    let privateKey = await pgp.readPrivateKey({ armoredKey: armored });
    if (!privateKey.isDecrypted()) {
      const { askPassphraseOnTerminal } = await import('../prompt/passphrase.js');
      privateKey = await pgp.decryptKey({
        privateKey,
        passphrase: await resolvePassphrase(fpr, env, (f) => askPassphraseOnTerminal(f, env)),
      });
    }
    const flag = pgp.enums.reasonForRevocation[REASONS[reason]];
    revoked = (await pgp.revokeKey({ key: privateKey, reasonForRevocation: { flag, string: reason }, format: 'armored' })).publicKey;
  }
  await writeFile(publicKeyPath(home, fpr), revoked, { mode: 0o644 });

  let keyringFile: string | null = null;
  const paths = await repoPaths({ cwd: process.cwd(), env }).catch(() => null);
  if (paths?.top) {
    const { config } = await loadConfig({ top: paths.top });
    keyringFile = findKeyringFile(join(paths.top, config.keyring), fpr);
    if (keyringFile) await writeFile(keyringFile, revoked);
  }
  const report: RevokeReport = {
    schema: 'ai-attest/keys-revoke@1',
    fingerprint: fpr,
    reason,
    keyringFile: keyringFile && paths?.top ? relative(paths.top, keyringFile) : null,
  };
  if (flags.json) return printJson(report);
  process.stdout.write(
    `revoked ${fpr} (${reason}).\n` +
      (report.keyringFile
        ? `Updated ${report.keyringFile}: commit it, so verify knows of the revocation.\n`
        : 'Put the revoked public key into each repository keyring that trusts it (`ai-attest keys export FPR`), and commit it.\n') +
      'Then make a new key: `ai-attest keys generate --default` and `ai-attest init` to export it.\n',
  );
}
