import { KeyError } from '../errors.js';

/** `--passphrase-env NAME`: the passphrase is read from that variable, never from the command line. */
export function passphraseFromEnv(variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (!value) throw new KeyError(`--passphrase-env ${variable}: that environment variable is not set (or empty); export it first.`);
  return value;
}
