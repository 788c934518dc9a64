import { describe, expect, it } from 'vitest';
import { defaultDetailPolicy } from '../src/config/defaults.js';
import { encryptPart, parseRecipientKeys } from '../src/detail/crypt.js';
import { aiAttributedLines } from '../src/detail/ai-lines.js';
import { keyIdsOfFiles, sessionKeyIds, untrustedKeyIds } from '../src/detail/key-ids.js';
import { requiredBecause } from '../src/detail/policy.js';
import type { Answers } from '../src/core/model.js';
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
    // Resolved on another branch: says nothing of this one.
    expect(trustChangeWarning({ ...state, head: 'ref: refs/heads/exfiltrate' }, 'ref: refs/heads/exfiltrate')).not.toBeNull();
    expect(trustChangeWarning({ ...state, head: 'ref: refs/heads/exfiltrate' }, 'ref: refs/heads/main')).toBeNull();
  });
});

describe('the size threshold counts the AI-attributed lines of the commit', () => {
  const answers: Answers = { ai: 'used', tools: [], share: 40, sensitive: [], source: 'env' };
  const never = async (): Promise<number> => {
    throw new Error('the staged diff is not read when capture matched lines');
  };

  it("takes the pre-fill's matched lines where capture has line data, without reading the staged diff", async () => {
    const captured = [
      { rawLines: 300, keptLines: 180 },
      { rawLines: 50, keptLines: 30 },
      { rawLines: 0, keptLines: 0 },
    ];
    expect(await aiAttributedLines({ answers, captured, stagedLines: never })).toEqual({ lines: 210, how: 'matched' });
  });

  it('takes the declared share of the staged lines without capture, or when capture has no line data', async () => {
    const staged = async () => 500;
    expect(await aiAttributedLines({ answers, captured: null, stagedLines: staged })).toEqual({ lines: 200, how: 'declared-share' });
    expect(await aiAttributedLines({ answers, captured: [{ rawLines: 0, keptLines: 0 }], stagedLines: staged })).toEqual({
      lines: 200,
      how: 'declared-share',
    });
    expect((await aiAttributedLines({ answers: { ...answers, share: 100 }, captured: null, stagedLines: staged })).lines).toBe(500);
  });

  it('requires a record only above the threshold, and never for a commit without AI', () => {
    const policy = defaultDetailPolicy();
    expect(requiredBecause(policy, answers, 201)).toEqual(['ai-lines']);
    expect(requiredBecause(policy, answers, 200)).toEqual([]);
    expect(requiredBecause({ ...policy, aiLinesOver: null }, answers, 10_000)).toEqual([]);
    expect(requiredBecause(policy, { ...answers, ai: 'none' }, 10_000)).toEqual([]);
  });
});
