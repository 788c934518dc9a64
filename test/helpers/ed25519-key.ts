import * as openpgp from 'openpgp';

/** A fresh OpenPGP v4 Ed25519 key pair, armored, as `ai-attest keys new` makes them (no git, no files). */
export function ed25519KeyPair(name: string, email: string): Promise<{ privateKey: string; publicKey: string }> {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name, email }],
    format: 'armored',
    config: { v6Keys: false },
  });
}
