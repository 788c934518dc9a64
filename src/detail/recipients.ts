import { CONFIG_PATH, defaultDetailPolicy } from '../config/defaults.js';
import { validateConfigText } from '../config/load.js';
import type { DetailPolicy } from '../config/types.js';
import type { GitOptions } from '../git/run.js';
import { readCommittedFile, readTreeFolder } from '../git/tree-files.js';
import { parseRecipientKeys, type Recipient } from './crypt.js';
import { DetailError } from './errors.js';
import { RECIPIENT_KEY_FILE } from './policy.js';

/**
 * The compliance recipients, read from a revision's committed tree (git objects, never the
 * work tree): who can read prompts is a trust decision, so an uncommitted key dropped into
 * the folder cannot make itself a reader.
 */
export async function committedDetailPolicy(options: GitOptions & { rev: string }): Promise<DetailPolicy> {
  const text = await readCommittedFile(options.rev, CONFIG_PATH, { cwd: options.cwd, env: options.env, git: options.git });
  if (text === null) return defaultDetailPolicy();
  const config = await validateConfigText(text, `${CONFIG_PATH} at ${options.rev}`);
  return config.detail ?? defaultDetailPolicy();
}

export async function loadRecipients(options: GitOptions & { rev: string }): Promise<{ policy: DetailPolicy; recipients: Recipient[] }> {
  const policy = await committedDetailPolicy(options);
  const git: GitOptions = { cwd: options.cwd, env: options.env, git: options.git };
  const files = (await readTreeFolder(options.rev, policy.recipients, git)).filter((f) => RECIPIENT_KEY_FILE.test(f.path));
  const recipients = await parseRecipientKeys(files);
  if (recipients.length === 0) {
    throw new DetailError(
      `no compliance recipients: commit their public keys under ${policy.recipients}/ (e.g. \`gpg ` +
        `--export --armor FPR > ${policy.recipients}/compliance.asc\`), then detail records can be ` +
        `sealed.`,
    );
  }
  return { policy, recipients };
}
