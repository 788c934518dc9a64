import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './sandbox.js';

export interface NodeRun {
  ms: number;
  /** Peak resident set of the ai-attest node process (not of the git processes it starts), MB. */
  peakMb: number;
  /** Bytes written to stdout, read and dropped as a pipe reader would. */
  stdoutBytes: number;
}

/**
 * Runs `ai-attest ARGS` and reports its wall time and peak RSS, read by a preloaded exit hook
 * from `process.resourceUsage().maxRSS` (the kernel's high-water mark of that process alone).
 * stdout is a pipe drained as it comes, so a command that streams is measured streaming.
 */
export async function runMeasured(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<NodeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-attest-rss-'));
  const hook = join(dir, 'peak-rss.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => require('fs').writeSync(2, `\\nai-attest-maxRSS ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  try {
    const started = performance.now();
    const { code, stderr, stdoutBytes } = await new Promise<{ code: number | null; stderr: string; stdoutBytes: number }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--require', hook, BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let bytes = 0;
        let err = '';
        child.stdout.on('data', (d: Buffer) => (bytes += d.length));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-20_000)));
        child.on('error', reject);
        child.on('close', (c) => resolve({ code: c, stderr: err, stdoutBytes: bytes }));
      },
    );
    const ms = performance.now() - started;
    const kib = Number(/ai-attest-maxRSS (\d+)/.exec(stderr)?.[1]);
    if (code !== 0 || !Number.isFinite(kib)) throw new Error(`ai-attest ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
    return { ms, peakMb: kib / 1024, stdoutBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
