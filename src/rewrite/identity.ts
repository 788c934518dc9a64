import { hasCommitterIdentity } from '../git/objects.js';
import type { GitOptions } from '../git/run.js';

/**
 * `git notes add` and `git notes merge` write commits, so they need a committer; a CI runner often
 * has none configured. Rather than fail there, notes commits are then made by "ai-attest" (the
 * statements inside carry their own signed attester, so nothing depends on this identity).
 */
export async function envWithCommitter(options: GitOptions): Promise<NodeJS.ProcessEnv> {
  const env = options.env ?? process.env;
  if (await hasCommitterIdentity(options)) return env;
  return {
    ...env,
    GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME || 'ai-attest',
    GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL || 'ai-attest@localhost',
    GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME || 'ai-attest',
    GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL || 'ai-attest@localhost',
  };
}
