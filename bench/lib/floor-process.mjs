// The floor under `ai-attest verify` of a signed range, measured as a process like the CLI:
// Node's start-up, the same `git log --notes` read in full, and one Ed25519 check per commit
// split between this thread and one worker, all at once. Nothing ai-attest does is in it.
//   node floor-process.mjs SIGNATURES_FILE GIT_ARGS...   (run in the repository)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** File: 4-byte key length, the key (DER), then per check 4-byte message length, message, 64-byte signature. */
function checks(file, part, parts) {
  const bytes = readFileSync(file);
  const keyLength = bytes.readUInt32BE(0);
  const key = createPublicKey({ key: bytes.subarray(4, 4 + keyLength), format: 'der', type: 'spki' });
  let at = 4 + keyLength;
  let ok = 0;
  for (let i = 0; at < bytes.length; i++) {
    const length = bytes.readUInt32BE(at);
    const message = bytes.subarray(at + 4, at + 4 + length);
    const signature = bytes.subarray(at + 4 + length, at + 68 + length);
    at += 68 + length;
    if (i % parts === part && verify(null, message, key, signature)) ok++;
  }
  return ok;
}

if (!isMainThread) {
  parentPort.postMessage(checks(workerData.file, 1, 2));
} else {
  const [file, ...gitArgs] = process.argv.slice(2);
  const git = new Promise((resolve, reject) => {
    const child = spawn('git', gitArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git exited ${code}`))));
  });
  const other = new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { file } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const here = checks(file, 0, 2);
  const [there] = await Promise.all([other, git]);
  process.stdout.write(`${here + there}\n`);
  process.exit(0);
}
