import { runGit } from '../git/run.js';

export interface ConfigEntry {
  /** system, global, local, worktree or command. */
  scope: string;
  /** Where the value comes from, e.g. `file:.git/config`. */
  origin: string;
  /** Lower-cased section and key, as git prints them. */
  key: string;
  value: string;
}

/**
 * The config entries install cares about, with their scopes, in one git call. Entries from the
 * command scope are dropped: our own git calls pin `core.hooksPath=/dev/null` there, and install
 * is about the persistent configuration anyway.
 */
export async function readInstallConfig(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ConfigEntry[]> {
  const result = await runGit(['config', '--show-scope', '--show-origin', '-z', '--get-regexp', '^(core\\.hookspath|notes\\.rewrite)'], {
    ...options,
    okCodes: [1],
  });
  return parseConfigZ(result.stdout).filter((entry) => entry.scope !== 'command');
}

/** `scope NUL origin NUL key LF value NUL`, repeated. */
export function parseConfigZ(out: string): ConfigEntry[] {
  const fields = out.split('\0');
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const pair = fields[i + 2] ?? '';
    const newline = pair.indexOf('\n');
    entries.push({
      scope: fields[i] ?? '',
      origin: fields[i + 1] ?? '',
      key: newline < 0 ? pair : pair.slice(0, newline),
      value: newline < 0 ? '' : pair.slice(newline + 1),
    });
  }
  return entries;
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
