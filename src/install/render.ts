import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { AttestError } from '../errors.js';
import { STAGED_FACTS_DIFF_OPTIONS, STAGED_FACTS_SH } from '../git/staged-facts.js';
import type { HookName } from './hooks.js';

const INCLUDE = /^# @include ([\w.-]+)\n/gm;
const PACKAGE_DIR = '@AI_ATTEST_PACKAGE_DIR@';
const DIFF_OPTIONS = '@AI_ATTEST_DIFF_OPTIONS@';
/** Fragments whose text lives in the code that also runs it (the Node side's fallback). */
const GENERATED: Record<string, string> = { 'staged-facts.sh': STAGED_FACTS_SH };

/**
 * The installed hook: the template from the package's hooks/ folder with its fragments inlined
 * (a hook must not depend on the package still being there) and the package path filled in.
 */
export async function renderHook(hook: HookName, packageDir: string): Promise<string> {
  const dir = join(packageDir, 'hooks');
  // Physical, as the stub compares it with the work tree's physical path (a package inside the
  // work tree runs only while git tracks none of it).
  const recorded = await realpath(packageDir).catch(() => packageDir);
  const template = await readTemplate(dir, hook);
  const fragments = new Map<string, string>();
  for (const match of template.matchAll(INCLUDE)) {
    const name = match[1] ?? '';
    if (!fragments.has(name)) fragments.set(name, GENERATED[name] ?? (await readTemplate(dir, name)));
  }
  return template
    .replace(INCLUDE, (_line, name: string) => fragments.get(name) ?? '')
    .replaceAll(PACKAGE_DIR, shellQuote(recorded))
    .replaceAll(DIFF_OPTIONS, STAGED_FACTS_DIFF_OPTIONS);
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
