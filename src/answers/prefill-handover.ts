import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eventsPath } from '../capture/store.js';
import { writeFileAtomicSync } from '../io/atomic-write-sync.js';
import type { CapturePrefill } from './capture.js';

/**
 * prepare-commit-msg computes the capture's pre-fill to offer it at the prompt; commit-msg needs
 * the same one to sign. It is handed over in `$GIT_DIR/ai-attest/capture-prefill.json`, keyed
 * by what it was computed from: the staged tree, the base, and the buffer as it was read (size,
 * mtime, inode). Anything different (the index changed, an agent recorded meanwhile) and
 * commit-msg computes it again. It is also what the human saw and confirmed.
 */
export interface PrefillKey {
  tree: string;
  base: string;
  buffer: string;
}

interface HandedOver {
  key: PrefillKey;
  prefill: { answers: CapturePrefill['answers']; entries: CapturePrefill['entries']; used: string[] };
}

function handoverPath(gitDir: string): string {
  return join(gitDir, 'ai-attest', 'capture-prefill.json');
}

/** The buffer's identity as a reader sees it; '' when there is none. */
export function bufferStamp(gitDir: string): string {
  try {
    const s = statSync(eventsPath(gitDir), { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return '';
  }
}

export function handOverPrefill(gitDir: string, key: PrefillKey, prefill: CapturePrefill): void {
  const value: HandedOver = { key, prefill: { answers: prefill.answers, entries: prefill.entries, used: [...prefill.used] } };
  writeFileAtomicSync(handoverPath(gitDir), JSON.stringify(value), { mode: 0o600, mkdir: true });
}

/** The pre-fill prepare-commit-msg left for exactly this commit, taken once; null otherwise. */
export function takeHandedOverPrefill(gitDir: string, key: PrefillKey): CapturePrefill | null {
  const path = handoverPath(gitDir);
  let value: HandedOver;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as HandedOver;
  } catch {
    return null;
  }
  rmSync(path, { force: true });
  const k = value?.key;
  if (!k || k.tree !== key.tree || k.base !== key.base || k.buffer !== key.buffer || !value.prefill) return null;
  const { answers, entries, used } = value.prefill;
  if (!Array.isArray(entries) || !Array.isArray(used)) return null;
  return { answers: answers ?? null, entries, used: new Set(used.filter((u): u is string => typeof u === 'string')) };
}
