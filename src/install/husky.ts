import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readOrNull, unlinkIfExists } from './fs-util.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { LINE_MARKER, type HookName } from './hooks.js';
import type { AddedLine } from './state.js';

const SHEBANG = '#!/usr/bin/env sh';

/**
 * The line we add to `.husky/<hook>`. It calls our stub in the git dir (shared by worktrees,
 * never versioned) only if it is there, so that a clone without ai-attest still commits; and it
 * is an `if`, not `[ ] &&`, because husky runs the script with `sh -e` and a false test as the
 * last command would fail the hook.
 */
export function huskyLine(hook: HookName): string {
  // In a fresh clone of a repository that uses ai-attest, nothing would tell the developer
  // that their commits go out unattested: say what is missing, once per commit and per push.
  const missing = NOTICE_HOOKS.has(hook)
    ? `elif [ -f .ai-attest/config.json ]; then echo "ai-attest is not set up in this clone, so ` +
      `this ${hook === 'pre-push' ? 'push is not checked' : 'commit is not attested'}: run npx ` +
      `ai-attest init" >&2; `
    : '';
  return (
    `ai_attest_stub="$(git rev-parse --git-common-dir)/ai-attest/hooks/${hook}"; ` +
    `if [ -x "$ai_attest_stub" ]; then "$ai_attest_stub" "$@"; ${missing}fi ${LINE_MARKER}`
  );
}

const NOTICE_HOOKS: ReadonlySet<HookName> = new Set(['commit-msg', 'pre-push']);

export type LineAction = 'added' | 'updated' | 'unchanged';

/**
 * Appends our line to the husky script (after the user's commands, so theirs run first; under
 * `sh -e` a failing one stops the hook before ours), creating the script if needed. husky v9
 * runs scripts with `sh`; before v9 the script is the git hook itself and needs a shebang and
 * the exec bit.
 */
export async function addHuskyLine(
  huskyDir: string,
  hook: HookName,
  dispatch: boolean,
): Promise<{ action: LineAction; record: AddedLine; warning: string | null }> {
  const file = join(huskyDir, hook);
  const line = huskyLine(hook);
  const text = await readOrNull(file);
  if (text === null) {
    await mkdir(huskyDir, { recursive: true });
    const content = `${dispatch ? '' : `${SHEBANG}\n`}${line}\n`;
    await writeFileAtomic(file, content, { mode: dispatch ? 0o644 : 0o755 });
    return { action: 'added', record: { file, created: true, addedNewline: false }, warning: null };
  }
  const mode = (await lstat(file)).mode & 0o7777;
  const record: AddedLine = { file, created: false, addedNewline: false };
  if (text.includes(LINE_MARKER)) {
    const lines = text.split('\n');
    const updated = lines.map((l) => (l.includes(LINE_MARKER) ? line : l)).join('\n');
    if (updated === text) return { action: 'unchanged', record, warning: null };
    await writeFileAtomic(file, updated, { mode });
    return { action: 'updated', record, warning: null };
  }
  record.addedNewline = text.length > 0 && !text.endsWith('\n');
  await writeFileAtomic(file, `${text}${record.addedNewline ? '\n' : ''}${line}\n`, { mode });
  return { action: 'added', record, warning: earlyExitWarning(file, text) };
}

/** Removes our line; restores the file byte for byte when nothing else changed after install. */
export async function removeHuskyLine(file: string, record: AddedLine | undefined): Promise<'removed' | 'deleted' | 'not-installed'> {
  const text = await readOrNull(file);
  if (text === null || !text.includes(LINE_MARKER)) return 'not-installed';
  const lines = text.split('\n');
  const ourLast = lines.length >= 2 && lines[lines.length - 1] === '' && (lines[lines.length - 2] ?? '').includes(LINE_MARKER);
  let rest = lines.filter((l) => !l.includes(LINE_MARKER)).join('\n');
  if (record?.addedNewline && ourLast && rest.endsWith('\n')) rest = rest.slice(0, -1);
  if (record?.created && (rest === '' || rest === `${SHEBANG}\n`)) {
    await unlinkIfExists(file);
    return 'deleted';
  }
  await writeFileAtomic(file, rest, { mode: (await lstat(file)).mode & 0o7777 });
  return 'removed';
}

export async function hasHuskyLine(file: string): Promise<boolean> {
  return ((await readOrNull(file)) ?? '').includes(LINE_MARKER);
}

/** A script that exits or execs on its own never reaches a line appended after it. */
function earlyExitWarning(file: string, text: string): string | null {
  const early = text.split('\n').some((l) => /^(exit|exec)\b/.test(l.trim()));
  return early ? `${file} contains \`exit\` or \`exec\`: make sure the ai-attest line at its end is reached.` : null;
}
