// @module-tag git
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPublicKey, generateKey, importKey } from '../src/crypto/keystore.js';
import { loadKeyring } from '../src/crypto/keyring.js';
import { loadSigningKey } from '../src/crypto/signing-key.js';
import { makeSandbox, type Sandbox } from './helpers/repo.js';
import { buildPredicate, signPredicate } from '../src/core/attest.js';
import { signedBytes } from '../src/core/statement.js';

/** Interop with real GnuPG 2.2: the signatures must verify where auditors will check them. */

let sandbox: Sandbox;
let home: string;

function gpg(args: string[], input?: string | Uint8Array) {
  const r = spawnSync('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], {
    env: sandbox.env,
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function gpgOk(args: string[], input?: string | Uint8Array): Buffer {
  const r = gpg(args, input);
  if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function quickGenKey(userId: string, algo: string, passphrase = ''): string {
  gpgOk(['--passphrase', passphrase, '--quick-gen-key', userId, algo, 'sign', 'never']);
  const colons = gpgOk(['--with-colons', '--list-keys', userId]).toString('utf8');
  return /^fpr:+([0-9A-F]{40}):/m.exec(colons)![1]!;
}

/** gpg --verify on a binary detached signature written next to the data. */
function gpgVerify(sig: Uint8Array, data: Uint8Array) {
  const dir = join(sandbox.root, `v-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'data'), data);
  writeFileSync(join(dir, 'data.sig'), sig);
  return gpg(['--verify-options', 'show-notations', '--verify', join(dir, 'data.sig'), join(dir, 'data')]);
}

const data = new TextEncoder().encode('ai-attest statement bytes\n');

beforeAll(() => {
  sandbox = makeSandbox();
  home = sandbox.env.AI_ATTEST_HOME!;
  mkdirSync(sandbox.env.GNUPGHOME!, { recursive: true, mode: 0o700 });
});

afterAll(() => {
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: sandbox.env });
  sandbox.cleanup();
});

describe('GnuPG interop', () => {
  it('gpg --verify accepts a fast signature by a generated key and rejects changed data', async () => {
    const info = await generateKey({ name: 'Ada Lovelace', email: 'ada@example.com', home });
    gpgOk(['--import'], await exportPublicKey({ home, fingerprint: info.fingerprint }));
    const signer = await loadSigningKey({ home, env: sandbox.env });
    const sig = signer.sign(data);
    const good = gpgVerify(sig, data);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stderr).toMatch(/Good signature from "Ada Lovelace <ada@example.com>"/);
    expect(good.stderr).toContain(info.fingerprint);
    const altered = Uint8Array.from(data);
    altered[0] = altered[0]! ^ 0x20;
    const bad = gpgVerify(sig, altered);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/BAD signature/);
  });

  it('gpg --verify accepts a format v2 attestation signature and shows its binding notation', async () => {
    const info = await generateKey({ name: 'Ada Lovelace', email: 'ada-v2@example.com', home });
    gpgOk(['--import'], await exportPublicKey({ home, fingerprint: info.fingerprint }));
    const signer = await loadSigningKey({ home, env: sandbox.env, fingerprint: info.fingerprint });
    const answers = { ai: 'none' as const, tools: [], share: 0, sensitive: [], source: 'env' as const };
    const signed = signPredicate(
      buildPredicate(answers, { tree: 'a'.repeat(40), parents: ['b'.repeat(40)], patchId: 'c'.repeat(40) }, signer, new Date()),
      signer,
    );
    const result = gpgVerify(signed.signature, signedBytes(signed.statement));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Good signature/);
    expect(result.stderr).toContain('binding@ai-attest.dev');
  });

  it('imports a gpg Ed25519 key (secret and public): signs for gpg, verifies gpg signatures', async () => {
    const fpr = quickGenKey('Grace Hopper <grace@example.com>', 'ed25519');
    const secret = gpgOk(['--passphrase', '', '--export-secret-keys', '--armor', fpr]).toString('utf8');
    const imported = await importKey({ home, armored: secret });
    expect(imported).toMatchObject({ fingerprint: fpr, hasSecret: true, encrypted: false, algorithm: 'EdDSA Ed25519' });
    expect(imported.userIds).toEqual(['Grace Hopper <grace@example.com>']);

    const signer = await loadSigningKey({ home, fingerprint: fpr, env: sandbox.env });
    expect(signer.userId).toBe('Grace Hopper <grace@example.com>');
    const result = gpgVerify(signer.sign(data), data);
    expect(result.status, result.stderr).toBe(0);

    const keyringDir = join(sandbox.root, 'keyring-gpg');
    mkdirSync(keyringDir);
    writeFileSync(join(keyringDir, 'grace.asc'), gpgOk(['--export', '--armor', fpr]));
    const keyring = await loadKeyring([keyringDir]);
    for (const digest of ['SHA256', 'SHA512']) {
      const gpgSig = gpgOk(['--local-user', fpr, '--digest-algo', digest, '--detach-sign', '--output', '-'], data);
      expect(keyring.verify(data, gpgSig)).toMatchObject({ ok: true, fingerprint: fpr });
      expect(keyring.verify(data.subarray(1), gpgSig)).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('imports a passphrase-protected gpg key and signs with AI_ATTEST_PASSPHRASE', async () => {
    const fpr = quickGenKey('Barbara Liskov <barbara@example.com>', 'ed25519', 'open sesame');
    const secret = gpgOk(['--passphrase', 'open sesame', '--export-secret-keys', '--armor', fpr]).toString('utf8');
    expect(await importKey({ home, armored: secret, passphrase: 'open sesame' })).toMatchObject({ encrypted: true });
    await expect(loadSigningKey({ home, fingerprint: fpr, env: { ...sandbox.env, AI_ATTEST_PASSPHRASE: '' } })).rejects.toThrow(
      /protected by a passphrase: set AI_ATTEST_PASSPHRASE/,
    );
    const signer = await loadSigningKey({ home, fingerprint: fpr, env: { ...sandbox.env, AI_ATTEST_PASSPHRASE: 'open sesame' } });
    const result = gpgVerify(signer.sign(data), data);
    expect(result.status, result.stderr).toBe(0);
  });

  it('refuses a gpg RSA key with a next step, in the key store and in a keyring', async () => {
    const fpr = quickGenKey('Rsa User <rsa@example.com>', 'rsa2048');
    const pub = gpgOk(['--export', '--armor', fpr]).toString('utf8');
    const secret = gpgOk(['--passphrase', '', '--export-secret-keys', '--armor', fpr]).toString('utf8');
    await expect(importKey({ home, armored: pub })).rejects.toThrow(/is an RSA 2048-bit key.*Ed25519.*gpg --quick-gen-key/);
    await expect(importKey({ home, armored: secret })).rejects.toThrow(/RSA 2048-bit key/);

    const keyringDir = join(sandbox.root, 'keyring-rsa');
    mkdirSync(keyringDir);
    writeFileSync(join(keyringDir, 'rsa.asc'), pub);
    const keyring = await loadKeyring([keyringDir]);
    expect(keyring.keys.size).toBe(0);
    expect(keyring.rejected).toEqual([expect.objectContaining({ fingerprint: fpr, reason: expect.stringMatching(/RSA/) })]);
    const rsaSig = gpgOk(['--local-user', fpr, '--detach-sign', '--output', '-'], data);
    const result = keyring.verify(data, rsaSig);
    expect(result).toMatchObject({ ok: false, reason: 'unknown-key', fingerprint: fpr });
    expect(!result.ok && result.detail).toMatch(/rsa\.asc is not usable: .*RSA/);
  });
});
