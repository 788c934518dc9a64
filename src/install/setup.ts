import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CONFIG_PATH, defaultConfig } from '../config/defaults.js';
import { validateConfigText } from '../config/load.js';
import { surveySensitive, type SensitiveSurvey } from '../config/sensitive.js';
import type { Config } from '../config/types.js';
import { aiAttestHome } from '../crypto/home.js';
import { findKeyringFile, keyringFileName } from '../crypto/keyring-files.js';
import { exportPublicKey, generateKey, listKeys } from '../crypto/keystore.js';
import { AttestError, InterruptedError } from '../errors.js';
import { headAndHistorySize } from '../git/history.js';
import { repoPaths, userIdentity } from '../git/repo.js';
import { trackedFiles } from '../git/tracked-files.js';
import { installHooks, type InstallReport } from './install.js';
import { configSchemaReference, replaceDeadSchemaUrl } from './schema-ref.js';

export interface InitOptions {
  yes?: boolean;
  json?: boolean;
  passphraseEnv?: string;
  hooksPathOk?: boolean;
}

export interface InitReport {
  schema: 'ai-attest/init@1';
  config: { path: string; created: boolean };
  key: { fingerprint: string; userId: string; created: boolean };
  keyring: { path: string; exported: boolean };
  /** The history already there when the config was created: exempt as before adoption. */
  adoption: { head: string; commits: number } | null;
  /** Tracked files the sensitive categories match, so a team can adjust them before committing. */
  sensitive: SensitiveSurvey;
  hooks: InstallReport;
}

/** Config, key, trusted public key and hooks: everything a repository needs, idempotently. */
export async function setUpRepository(
  options: InitOptions & { cwd: string; env: NodeJS.ProcessEnv; packageDir: string },
): Promise<InitReport> {
  const opts = { cwd: options.cwd, env: options.env };
  const paths = await repoPaths(opts);
  if (!paths.top) throw new AttestError('`ai-attest init` needs a work tree; run it inside a clone, not a bare repository.');
  const top = paths.top;

  const configPath = join(top, CONFIG_PATH);
  let createdConfig = false;
  let adoption: InitReport['adoption'] = null;
  if (existsSync(configPath)) {
    await validateConfigText(await readFile(configPath, 'utf8'), CONFIG_PATH);
    await refreshSchemaReference(top, configPath);
  } else {
    await mkdir(join(top, '.ai-attest'), { recursive: true });
    const { ref } = await configSchemaReference(top);
    const config = options.yes ? defaultConfig() : await teamDecisions(defaultConfig());
    adoption = await headAndHistorySize(opts);
    // The history already there predates ai-attest: verify counts it as before adoption.
    if (adoption) config.policy.exempt.before = adoption.head;
    await writeFile(configPath, `${JSON.stringify({ $schema: ref, ...config }, null, 2)}\n`);
    createdConfig = true;
  }
  const config = await validateConfigText(await readFile(configPath, 'utf8'), CONFIG_PATH);

  const home = aiAttestHome(options.env);
  const keys = await listKeys({ home });
  let key = keys.find((k) => k.isDefault && k.hasSecret);
  let createdKey = false;
  if (!key) {
    const { name, email } = await userIdentity(opts);
    if (!name || !email) {
      throw new AttestError(
        'git has no user.name or user.email: set them (git config --global user.name "Your Name"; ' +
          'git config --global user.email you@example.com), then run `ai-attest init` again.',
      );
    }
    const passphrase = options.passphraseEnv ? options.env[options.passphraseEnv] : undefined;
    if (options.passphraseEnv && !passphrase)
      throw new AttestError(`--passphrase-env ${options.passphraseEnv}: that variable is empty or unset.`);
    key = await generateKey({ name, email, home, makeDefault: true, ...(passphrase ? { passphrase } : {}) });
    createdKey = true;
  }

  const keyringDir = join(top, config.keyring);
  await mkdir(keyringDir, { recursive: true });
  // A key already exported under another name (by hand, an older init) is not written twice.
  const keyFile = findKeyringFile(keyringDir, key.fingerprint) ?? join(keyringDir, keyringFileName(key.userIds[0] ?? '', key.fingerprint));
  let exported = false;
  if (!existsSync(keyFile)) {
    await writeFile(keyFile, await exportPublicKey({ home, fingerprint: key.fingerprint }));
    exported = true;
  }

  const hooks = await installHooks({
    cwd: options.cwd,
    env: options.env,
    packageDir: options.packageDir,
    hooksPathOk: Boolean(options.hooksPathOk),
  });
  return {
    schema: 'ai-attest/init@1',
    config: { path: relative(top, configPath), created: createdConfig },
    key: { fingerprint: key.fingerprint, userId: key.userIds[0] ?? '', created: createdKey },
    keyring: { path: relative(top, keyFile), exported },
    adoption,
    sensitive: surveySensitive(await trackedFiles(opts), config.sensitive),
    hooks,
  };
}

/** Asked on a terminal (not with --yes, nor without one): the defaults otherwise. */
async function teamDecisions(config: Config): Promise<Config> {
  const { openTerminal } = await import('../prompt/terminal.js');
  const terminal = openTerminal();
  if (!terminal) return config;
  try {
    const [{ inquirerUi }, { askTeamDecisions }] = await Promise.all([
      import('../prompt/inquirer-ui.js'),
      import('../prompt/init-questions.js'),
    ]);
    return await askTeamDecisions(config, await inquirerUi(terminal));
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new InterruptedError('Interrupted: init wrote nothing.');
    throw error;
  } finally {
    terminal.close();
  }
}

/** Keeps an existing config's `$schema` resolvable: the local copy current, a dead address replaced. */
async function refreshSchemaReference(top: string, configPath: string): Promise<void> {
  const text = await readFile(configPath, 'utf8');
  if (text.includes('"./config.schema.json"')) {
    await configSchemaReference(top);
    return;
  }
  const replaced = replaceDeadSchemaUrl(text, (await configSchemaReference(top)).ref);
  if (replaced) await writeFile(configPath, replaced);
}
