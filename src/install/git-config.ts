import { scopedConfigEntries, type ScopedConfigEntry } from '../git/config.js';

export type ConfigEntry = ScopedConfigEntry;

/**
 * The config entries install cares about, with their scopes, in one git call. Entries from the
 * command scope are dropped: our own git calls pin `core.hooksPath=/dev/null` there, and install
 * is about the persistent configuration anyway.
 */
export async function readInstallConfig(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ConfigEntry[]> {
  return (await scopedConfigEntries('^(core\\.hookspath|notes\\.rewrite)', options)).filter((entry) => entry.scope !== 'command');
}

/** The entry git uses for a single-valued key: the last one read. */
export function lastEntry(entries: readonly ConfigEntry[], key: string, scope?: string): ConfigEntry | null {
  const lower = key.toLowerCase();
  let found: ConfigEntry | null = null;
  for (const entry of entries) {
    if (entry.key === lower && (scope === undefined || entry.scope === scope)) found = entry;
  }
  return found;
}

/**
 * core.hooksPath set in the environment of this process (`git -c`, GIT_CONFIG_COUNT/KEY/VALUE):
 * it bypasses installed hooks for every git command started from here. Agents use this.
 */
export function envHooksPath(env: NodeJS.ProcessEnv): string | null {
  let found: string | null = null;
  for (const pair of parseConfigParameters(env.GIT_CONFIG_PARAMETERS ?? '')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).toLowerCase() === 'core.hookspath') found = pair.slice(eq + 1);
  }
  const count = Number.parseInt(env.GIT_CONFIG_COUNT ?? '', 10);
  for (let i = 0; Number.isFinite(count) && i < count; i++) {
    if ((env[`GIT_CONFIG_KEY_${i}`] ?? '').toLowerCase() === 'core.hookspath') found = env[`GIT_CONFIG_VALUE_${i}`] ?? '';
  }
  return found;
}

/** GIT_CONFIG_PARAMETERS holds shell-quoted `'key=value'` words, `'\''` for a quote inside. */
function parseConfigParameters(params: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < params.length; i++) {
    const c = params[i];
    if (c === ' ') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'") {
      inWord = true;
      const end = params.indexOf("'", i + 1);
      const stop = end < 0 ? params.length : end;
      word += params.slice(i + 1, stop);
      i = stop;
    } else if (c === '\\' && i + 1 < params.length) {
      inWord = true;
      word += params[i + 1];
      i++;
    } else {
      inWord = true;
      word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}
