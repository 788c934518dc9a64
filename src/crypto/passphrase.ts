import { KeyError } from '../errors.js';

/** Asked only when a key is encrypted; returning undefined means "no answer". */
export type PassphraseCallback = (fingerprint: string) => Promise<string | undefined> | string | undefined;

export const PASSPHRASE_ENV = 'AI_ATTEST_PASSPHRASE';

/** The environment wins so that hooks and CI never block on a question. */
export async function resolvePassphrase(fingerprint: string, env: NodeJS.ProcessEnv, callback?: PassphraseCallback): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const answer = callback ? await callback(fingerprint) : undefined;
  if (answer !== undefined && answer !== '') return answer;
  throw new KeyError(`Key ${fingerprint} is protected by a passphrase: set ${PASSPHRASE_ENV} to it, or run the command where it can ask.`);
}

export function wrongPassphrase(fingerprint: string, env: NodeJS.ProcessEnv): KeyError {
  const source = env[PASSPHRASE_ENV] ? `in ${PASSPHRASE_ENV}` : 'given';
  return new KeyError(`The passphrase ${source} does not unlock key ${fingerprint}: check it and try again.`);
}
