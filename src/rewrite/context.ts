import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { loadWorkTreeKeyring, type Keyring } from '../crypto/keyring.js';
import { loadSigningKey, type SigningKey } from '../crypto/signing-key.js';
import { AttestError } from '../errors.js';
import { repoPaths, type RepoPaths } from '../git/repo.js';

export interface RewriteContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  paths: RepoPaths & { top: string };
  config: Config;
  keyring: Keyring;
  /** null when no key can sign here (none stored, or a passphrase nobody gave): carry then only copies evidence. */
  signer: SigningKey | null;
  signerProblem: string | null;
}

export async function loadRewriteContext(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RewriteContext> {
  const paths = await repoPaths(options);
  if (!paths.top) {
    throw new AttestError(
      'carrying attestations needs a work tree (for the trusted keys in .ai-attest/keys): run it in a clone, not a bare repository.',
    );
  }
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const [keyring, signing] = await Promise.all([
    loadWorkTreeKeyring(join(paths.top, config.keyring), paths.commonDir),
    loadSigningKey({ env: options.env }).then(
      (signer) => ({ signer, problem: null }),
      (error: unknown) => {
        if (error instanceof AttestError) return { signer: null, problem: error.message };
        throw error;
      },
    ),
  ]);
  return { ...options, paths: { ...paths, top: paths.top }, config, keyring, signer: signing.signer, signerProblem: signing.problem };
}
