import { readOrNull } from './fs-util.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { HOOK_NAMES, type HookName } from './hooks.js';
import { LEFTHOOK_COMMAND, lefthookCommand } from './lefthook.js';

/** What install added to a lefthook YAML config, so that uninstall takes out exactly that. */
export interface LefthookEdit {
  file: string;
  /** Hooks that were not in the config at all: uninstall removes the whole hook again. */
  createdHooks: HookName[];
}

export function isYamlConfig(file: string): boolean {
  return /\.ya?ml$/.test(file);
}

/**
 * Adds our command to every hook of a lefthook YAML config, keeping the user's comments,
 * order and layout (the `yaml` library edits the document, it does not re-serialise a value).
 * A hook with lefthook 2's `jobs` list gets a job; otherwise a command under `commands`.
 */
export async function addToLefthookConfig(file: string): Promise<{ edit: LefthookEdit; changed: boolean }> {
  const YAML = await import('yaml');
  const text = (await readOrNull(file)) ?? '';
  // An empty file parses to no document contents; start from an empty map then.
  const doc = text.trim() ? YAML.parseDocument(text) : new YAML.Document({});
  if (doc.errors.length) {
    const { AttestError } = await import('../errors.js');
    throw new AttestError(
      `${file} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}): fix it, then run \`ai-attest install\` again.`,
    );
  }
  const createdHooks: HookName[] = [];
  let changed = false;
  for (const hook of HOOK_NAMES) {
    const command = lefthookCommand(hook);
    if (!doc.has(hook)) createdHooks.push(hook);
    const jobs = doc.getIn([hook, 'jobs']);
    if (YAML.isSeq(jobs)) {
      const index = jobs.items.findIndex((item) => YAML.isMap(item) && item.get('name') === LEFTHOOK_COMMAND);
      const node = doc.createNode({ name: LEFTHOOK_COMMAND, ...command });
      if (index < 0) jobs.items.push(node);
      else jobs.items[index] = node;
    } else {
      doc.setIn([hook, 'commands', LEFTHOOK_COMMAND], doc.createNode(command));
    }
  }
  const updated = doc.toString({ lineWidth: 0 });
  if (updated !== text) {
    await writeFileAtomic(file, updated, { mode: 0o644 });
    changed = true;
  }
  return { edit: { file, createdHooks }, changed };
}

/** Takes our commands out again (and the hooks install created), leaving the rest as it is. */
export async function removeFromLefthookConfig(edit: LefthookEdit): Promise<boolean> {
  const text = await readOrNull(edit.file);
  if (text === null) return false;
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) return false;
  for (const hook of HOOK_NAMES) {
    if (edit.createdHooks.includes(hook)) {
      doc.delete(hook);
      continue;
    }
    const jobs = doc.getIn([hook, 'jobs']);
    if (YAML.isSeq(jobs)) jobs.items = jobs.items.filter((item) => !(YAML.isMap(item) && item.get('name') === LEFTHOOK_COMMAND));
    else if (doc.hasIn([hook, 'commands', LEFTHOOK_COMMAND])) doc.deleteIn([hook, 'commands', LEFTHOOK_COMMAND]);
  }
  const updated = doc.toString({ lineWidth: 0 });
  if (updated === text) return false;
  await writeFileAtomic(edit.file, updated, { mode: 0o644 });
  return true;
}
