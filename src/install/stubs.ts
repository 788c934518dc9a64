import { mkdir, rename, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AttestError } from '../errors.js';
import { lstatOrNull, readOrNull } from './fs-util.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { CHAINED_SUFFIX, HOOK_MARKER_PREFIX, type HookName } from './hooks.js';

export type PlaceAction = 'installed' | 'updated' | 'unchanged' | 'chained';
export type RemoveAction = 'removed' | 'restored' | 'not-installed' | 'kept-foreign';

export async function isOurHook(path: string): Promise<boolean> {
  const text = await readOrNull(path);
  return text !== null && text.split('\n', 3).some((line) => line.startsWith(HOOK_MARKER_PREFIX));
}

/**
 * Puts our stub at `<dir>/<hook>`. A foreign hook there is renamed to `<hook>.pre-ai-attest`
 * (rename keeps its bytes and mode; a symlink stays a symlink) and the stub runs it first.
 * Our own stub is only rewritten, so a re-install never chains us to ourselves.
 */
export async function placeStub(
  dir: string,
  hook: HookName,
  content: string,
): Promise<{ action: PlaceAction; path: string; chained: string | null }> {
  const path = join(dir, hook);
  const aside = path + CHAINED_SUFFIX;
  await mkdir(dir, { recursive: true });
  let action: PlaceAction = 'installed';
  if (await lstatOrNull(path)) {
    if (await isOurHook(path)) {
      action = (await readOrNull(path)) === content ? 'unchanged' : 'updated';
    } else {
      await assertCanChain(dir, hook);
      await rename(path, aside);
      action = 'chained';
    }
  }
  if (action !== 'unchanged') await writeFileAtomic(path, content, { mode: 0o755 });
  return { action, path, chained: (await lstatOrNull(aside)) ? aside : null };
}

/**
 * A foreign hook can be moved aside only if nothing is in the way: checked for every hook before
 * install changes anything, so a refusal leaves no half-done install.
 */
export async function assertCanChain(dir: string, hook: HookName): Promise<void> {
  const path = join(dir, hook);
  const aside = path + CHAINED_SUFFIX;
  if ((await lstatOrNull(path)) && (await lstatOrNull(aside)) && !(await isOurHook(path))) {
    throw new AttestError(
      `${path} is not an ai-attest hook, and ${aside} (a hook ai-attest chained earlier) is also there; ` +
        `ai-attest will not overwrite either. Merge them into one file or move one away, then run \`ai-attest install\` again.`,
    );
  }
}

/** Removes our stub and puts back the hook it had moved aside, exactly as it was. */
export async function removeStub(dir: string, hook: HookName): Promise<{ action: RemoveAction; path: string }> {
  const path = join(dir, hook);
  const aside = path + CHAINED_SUFFIX;
  const present = await lstatOrNull(path);
  const ours = present !== null && (await isOurHook(path));
  if (present && !ours) return { action: (await lstatOrNull(aside)) ? 'kept-foreign' : 'not-installed', path };
  if (ours) await unlink(path);
  if (await lstatOrNull(aside)) {
    await rename(aside, path);
    return { action: 'restored', path };
  }
  return { action: ours ? 'removed' : 'not-installed', path };
}

/** Removes a directory we created if nothing else lives in it. */
export async function removeDirIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}
