// @module-tag git
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, type Repo } from './helpers/repo.js';

/** `ai-attest keys ...` end to end, through the built binary, in a sandboxed HOME. */

let repo: Repo;
let home: string;

beforeAll(() => {
  repo = makeRepo();
  home = repo.env.AI_ATTEST_HOME!;
});
afterAll(() => repo.sandbox.cleanup());

function keys(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return repo.cli(['keys', ...args], opts);
}

describe('ai-attest keys', () => {
  let first: string;

  it('generate: defaults the user id to git config, stores the key 0600, prints the next step', () => {
    const r = keys(['generate']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    first = /^Generated ([0-9A-F]{40})/m.exec(r.stdout)![1]!;
    expect(r.stdout).toContain('Test Dev <dev@example.com>');
    expect(r.stdout).toContain('[default]');
    expect(r.stdout).toContain(`ai-attest keys export ${first} > .ai-attest/keys/`);
    expect(statSync(join(home, 'keys', `${first}.key.asc`)).mode & 0o777).toBe(0o600);
  });

  it('generate --json with flags, a passphrase from the environment and an expiry', () => {
    const r = keys(
      ['generate', '--name', 'Second Key', '--email', 'second@example.com', '--passphrase-env', 'MY_PASS', '--expires', '10', '--json'],
      { env: { MY_PASS: 'pw' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ userIds: ['Second Key <second@example.com>'], encrypted: true, isDefault: false, hasSecret: true });
    expect(Date.parse(info.expires) - Date.parse(info.created)).toBe(10 * 86_400_000);
  });

  it('list: human and --json', () => {
    const human = keys(['list']);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`${first}  \\[default\\]\\n  Test Dev <dev@example.com>\\n  EdDSA Ed25519, created \\d{4}-\\d\\d-\\d\\d, never expires`),
    );
    expect(human.stdout).toMatch(/Second Key <second@example.com>/);
    const json = JSON.parse(keys(['list', '--json']).stdout);
    expect(json).toHaveLength(2);
    expect(json.find((k: { isDefault: boolean }) => k.isDefault).fingerprint).toBe(first);
  });

  it('export: armored public key to stdout or --output, never the secret', async () => {
    const r = keys(['export']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(r.stdout).not.toMatch(/PRIVATE/);
    expect((await openpgp.readKey({ armoredKey: r.stdout })).getFingerprint().toUpperCase()).toBe(first);
    const out = join(repo.dir, 'pub.asc');
    const toFile = keys(['export', first.slice(-16), '--output', out]);
    expect(toFile.status).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });

  it('import: a file and stdin, --default; refuses a non-Ed25519 key with exit code 2', async () => {
    const generated = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Imported', email: 'imported@example.com' }],
      config: { v6Keys: false },
    });
    const file = join(repo.dir, 'secret.asc');
    writeFileSync(file, generated.privateKey);
    const r = keys(['import', file, '--default']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Imported [0-9A-F]{40}  \[default\]\n  Imported <imported@example.com>/);
    const piped = keys(['import', '-', '--json'], { input: generated.publicKey });
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toMatchObject({ userIds: ['Imported <imported@example.com>'], hasSecret: true });

    const p256 = await openpgp.generateKey({ type: 'ecc', curve: 'nistP256', userIDs: [{ name: 'P', email: 'p@example.com' }] });
    const refused = keys(['import', '-'], { input: p256.publicKey });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^ai-attest: Key [0-9A-F]{40} is an ECDSA \(nistP256\) key; .*ai-attest keys generate/);
  });

  it('default: switches the default key; unknown fingerprints say what to do', () => {
    expect(keys(['default', first]).status).toBe(0);
    expect(readFileSync(join(home, 'default-key'), 'utf8').trim()).toBe(first);
    const r = keys(['default', 'ABCDEF0123456789ABCD']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ai-attest keys list/);
  });

  it('reports missing input and bad flags as usage errors', () => {
    mkdirSync(join(repo.dir, 'empty'), { recursive: true });
    const missing = keys(['import', join(repo.dir, 'nope.asc')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.asc/);
    const badExpiry = keys(['generate', '--expires', 'soon']);
    expect(badExpiry.status).toBe(2);
    expect(badExpiry.stderr).toMatch(/--expires takes a whole number of days/);
    const noVar = keys(['generate', '--passphrase-env', 'UNSET_VAR_FOR_TEST']);
    expect(noVar.status).toBe(2);
    expect(noVar.stderr).toMatch(/UNSET_VAR_FOR_TEST/);
  });
});
