import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './sandbox.js';

/** What the verify benchmarks have `git log` print, as verify reads a range. */
export const LOG_FORMAT = '%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%B%x00%N';
const FLOOR = join(ROOT, 'bench', 'lib', 'floor-process.mjs');

/**
 * What no cold verify of `count` signed commits can beat on this machine (floor-process.mjs): a
 * Node process that reads the same `git log` and makes one Ed25519 check per commit over two
 * threads, at once. Its messages are about as long as a statement, its signatures made here.
 * With a count of 0 it is Node's start-up and the read alone. Returns a run, to be timed, and
 * its command (for its CPU time).
 */
export function verifyFloor(
  dir: string,
  env: NodeJS.ProcessEnv,
  count: number,
  range: readonly string[],
): (() => void) & { command: readonly [string, readonly string[]] } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = publicKey.export({ format: 'der', type: 'spki' });
  const parts: Buffer[] = [u32(key.length), key];
  for (let i = 0; i < count; i++) {
    const message = Buffer.from(`${'{"statement":'.padEnd(700, 'x')}${i}}`);
    parts.push(u32(message.length), message, sign(null, message, privateKey));
  }
  const file = join(dir, '..', 'floor-signatures.bin');
  writeFileSync(file, Buffer.concat(parts));
  const args = [FLOOR, file, 'log', '--notes=ai-attest', `--format=${LOG_FORMAT}`, ...range, '--'];
  const run = () => {
    const r = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() !== String(count)) throw new Error(`the verify floor failed: ${r.stderr}${r.stdout}`);
  };
  return Object.assign(run, { command: [process.execPath, args] as const });
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
