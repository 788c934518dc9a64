import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AttestError } from '../errors.js';
import { isNotFound, unlinkIfExists } from './fs-util.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { CHAINED_SUFFIX, type HookName } from './hooks.js';
import type { HookManager } from './layout.js';
import type { LefthookEdit } from './lefthook-config.js';

/** The line added to a hook manager's script, and what uninstall needs to undo it exactly. */
export interface AddedLine {
  file: string;
  /** The file did not exist: uninstall deletes it once our line is gone and nothing else is left. */
  created: boolean;
  /** The file did not end with a newline, so one was added before our line. */
  addedNewline: boolean;
}

export interface HookRecord {
  /** Our stub. */
  stub: string;
  /** The foreign hook moved aside (`<hook>.pre-ai-attest`), or null. */
  chained: string | null;
  line?: AddedLine;
}

/** A git config change, undone by uninstall only while the value is still the one we set. */
export interface ConfigRecord {
  key: string;
  value: string;
  /** Multi-valued key (notes.rewriteRef): our value was added next to the others. */
  added?: boolean;
  /** Single-valued key: the local value it had before, or null when it was unset. */
  previous?: string | null;
}

/** `$GIT_COMMON_DIR/ai-attest/install.json`: what install did, so that uninstall restores exactly. */
export interface InstallState {
  version: 1;
  mode: HookManager;
  /** Where the stubs are. */
  stubsDir: string;
  packageDir: string;
  hooks: Partial<Record<HookName, HookRecord>>;
  config: ConfigRecord[];
  /** lefthook: our commands added to its YAML config. */
  lefthook?: LefthookEdit;
}

export async function readState(path: string): Promise<InstallState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  try {
    const state = JSON.parse(text) as InstallState;
    if (state.version !== 1 || typeof state.hooks !== 'object' || !Array.isArray(state.config)) throw new Error('shape');
    return state;
  } catch {
    throw new AttestError(
      `${path} is not a readable ai-attest install record. Move it away and run \`ai-attest ` +
        `install\` again (hooks are found by their marker, foreign hooks by their ${CHAINED_SUFFIX} ` +
        `suffix).`,
    );
  }
}

export async function writeState(path: string, state: InstallState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
}

export async function removeState(path: string): Promise<void> {
  await unlinkIfExists(path);
}
