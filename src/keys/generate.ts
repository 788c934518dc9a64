import { generateKey, type StoredKeyInfo } from '../crypto/keystore.js';
import { KeyError } from '../errors.js';
import { userIdentity } from '../git/repo.js';

export interface NewKeyRequest {
  /** Defaults to git's user.name. */
  name?: string;
  /** Defaults to git's user.email. */
  email?: string;
  passphrase?: string;
  expiresInDays?: number;
  makeDefault?: boolean;
}

/** A new signing key in the user's key store, named after git's identity unless told otherwise. */
export async function generateUserKey(request: NewKeyRequest, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<StoredKeyInfo> {
  // Only a missing name or email is asked of git; git's failure leaves it missing, which is said below.
  const identity = request.name && request.email ? null : await userIdentity(options).catch(() => ({ name: null, email: null }));
  const name = request.name ?? (identity?.name || undefined);
  const email = request.email ?? (identity?.email || undefined);
  if (!name || !email) {
    throw new KeyError(
      'A key needs a name and an email: pass --name "Your Name" --email you@example.com, or set ' +
        '`git config --global user.name/user.email`.',
    );
  }
  return generateKey({
    name,
    email,
    passphrase: request.passphrase,
    expiresInDays: request.expiresInDays,
    makeDefault: request.makeDefault,
  });
}
