import type { PassphraseCallback } from '../crypto/passphrase.js';

/** Asked only for an encrypted key without AI_ATTEST_PASSPHRASE: the prompt code loads then, never on a plain commit. */
export function askPassphrase(env: NodeJS.ProcessEnv): PassphraseCallback {
  return async (fingerprint) => (await import('../prompt/passphrase.js')).askPassphraseOnTerminal(fingerprint, env);
}
