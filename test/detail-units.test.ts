import { describe, expect, it } from 'vitest';
import { defaultDetailPolicy } from '../src/config/defaults.js';
import { encryptPart, parseRecipientKeys } from '../src/detail/crypt.js';
import { keyIdsOfFiles, sessionKeyIds, untrustedKeyIds } from '../src/detail/key-ids.js';
import { describeChanges } from '../src/detail/trust.js';
import { trustChangeWarning } from '../src/detail/trust-state.js';

/** A compliance key as GnuPG makes them by default: Ed25519 primary, Curve25519 encryption subkey. */
async function makeRecipient(name: string): Promise<{ fingerprint: string; publicArmored: string }> {
  const pgp = await import('openpgp');
  const { publicKey } = await pgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name }], format: 'armored' });
  return { fingerprint: (await pgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase(), publicArmored: publicKey };
}

describe('who a sealed part is encrypted to, without openpgp.js', async () => {
  const [alice, bob, mallory] = await Promise.all([makeRecipient('Alice'), makeRecipient('Bob'), makeRecipient('Mallory')]);
  const file = (armored: string) => ({ path: 'k.asc', content: Buffer.from(armored) });

  it('maps every key and subkey id of the key files to the primary fingerprint', () => {
    const ids = keyIdsOfFiles([file(alice.publicArmored), file(bob.publicArmored)]);
    expect(new Set(ids.values())).toEqual(new Set([alice.fingerprint, bob.fingerprint]));
    // Primary and encryption subkey of each.
    expect(ids.size).toBe(4);
    expect(ids.get(alice.fingerprint.slice(-16))).toBe(alice.fingerprint);
    expect(keyIdsOfFiles([{ content: Buffer.from('not a key') }]).size).toBe(0);
  });

  it('reads the recipients from the session-key packets, and names the ones outside the trusted set', async () => {
    const keys = await parseRecipientKeys([file(alice.publicArmored), file(mallory.publicArmored)]);
    const part = await encryptPart('0'.repeat(32), Buffer.from('prompt'), keys);
    const trusted = keyIdsOfFiles([file(alice.publicArmored), file(bob.publicArmored)]);
    const ids = sessionKeyIds(part);
    expect(ids).toHaveLength(2);
    const outside = untrustedKeyIds([part], trusted);
    expect(outside).toHaveLength(1);
    expect(keyIdsOfFiles([file(mallory.publicArmored)]).get(outside[0]!)).toBe(mallory.fingerprint);
    // The label beside the packets is not what is checked: relabelling changes nothing.
    expect(untrustedKeyIds([{ ...part, recipients: [alice.fingerprint] } as typeof part], trusted)).toEqual(outside);
    expect(untrustedKeyIds([{ keys: ['bm90IGEgcGFja2V0'] }], trusted)).toEqual(['unknown']);
    const onlyAlice = await encryptPart('1'.repeat(32), Buffer.from('prompt'), [keys[0]!]);
    expect(untrustedKeyIds([onlyAlice], trusted)).toEqual([]);
  });

  it("lists what a branch changes in the detail tier's trust, and warns with it", () => {
    const policy = defaultDetailPolicy();
    const trusted = { policy, files: [{ path: '.ai-attest/recipients/alice.asc', content: Buffer.from(alice.publicArmored) }] };
    const head = {
      policy: { ...policy, developerReads: true },
      files: [...trusted.files, { path: '.ai-attest/recipients/mallory.asc', content: Buffer.from(mallory.publicArmored) }],
    };
    const changes = describeChanges(trusted, head);
    expect(changes).toEqual([
      'detail.developerReads false -> true',
      `adds recipient .ai-attest/recipients/mallory.asc (${mallory.fingerprint})`,
    ]);
    expect(describeChanges(head, trusted)).toContain('removes recipient .ai-attest/recipients/mallory.asc');
    expect(describeChanges(trusted, trusted)).toEqual([]);
    const state = {
      version: 1 as const,
      trust: { commit: 'c', kind: 'merge-base', description: 'the merge-base with origin/main' },
      policy,
      recipients: [],
      changes,
    };
    expect(trustChangeWarning(state)).toMatch(
      /not applied\. Prompts and raw output stay sealed to the recipients of the merge-base with origin\/main/,
    );
    expect(trustChangeWarning({ ...state, changes: [] })).toBeNull();
  });
});
