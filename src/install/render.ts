import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AttestError } from '../errors.js';
import type { HookName } from './hooks.js';

const INCLUDE = /^# @include ([\w.-]+)\n/gm;
const PACKAGE_DIR = '@AI_ATTEST_PACKAGE_DIR@';

/**
 * The installed hook: the template from the package's hooks/ folder with its fragments inlined
 * (a hook must not depend on the package still being there) and the package path filled in.
 */
export async function renderHook(hook: HookName, packageDir: string): Promise<string> {
  const dir = join(packageDir, 'hooks');
  const template = await readTemplate(dir, hook);
  const fragments = new Map<string, string>();
  for (const match of template.matchAll(INCLUDE)) {
    const name = match[1] ?? '';
    if (!fragments.has(name)) fragments.set(name, await readTemplate(dir, name));
  }
  return template
    .replace(INCLUDE, (_line, name: string) => fragments.get(name) ?? '')
    .replaceAll(PACKAGE_DIR, shellQuote(packageDir));
}

/** POSIX single quotes: the path reaches the script verbatim, spaces and quotes included. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

async function readTemplate(dir: string, name: string): Promise<string> {
  try {
    return await readFile(join(dir, name), 'utf8');
  } catch {
    throw new AttestError(
      `the hook template ${join(dir, name)} is missing: the ai-attest package looks incomplete; reinstall it (npm i -D ai-attest).`,
    );
  }
}
