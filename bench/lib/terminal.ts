import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './measure.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Stamps the moment a text first reaches a tmux pane: tmux pipes the pane's output into this
 * script (`pipe-pane`), which writes Date.now() to a file when the text appears.
 */
const STAMPER = `let seen = '';
process.stdin.on('data', (chunk) => {
  seen = (seen + chunk.toString('utf8').replace(/\\x1b\\[[0-9;?]*[A-Za-z]/g, '')).slice(-4096);
  if (seen.includes(process.argv[2])) {
    require('fs').writeFileSync(process.argv[3], String(Date.now()));
    process.exit(0);
  }
});
`;

/**
 * Milliseconds from starting `command` in a real terminal (tmux) to `text` appearing on it: the
 * command waits on a FIFO until the pane's output is piped to the stamper, records its start
 * time, then runs. Ctrl-C ends each run. Returns the median and every run.
 */
export async function timeToText(options: {
  dir: string;
  env: NodeJS.ProcessEnv;
  scratch: string;
  command: string;
  text: string;
  runs: number;
  /** Called before each run (e.g. to stage a change). */
  before?: (i: number) => void;
}): Promise<{ median: number; runs: number[] }> {
  const stamper = join(options.scratch, 'stamper.cjs');
  writeFileSync(stamper, STAMPER);
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    options.before?.(i);
    const socket = `ai-attest-bench-${process.pid}-${i}`;
    const go = join(options.scratch, `go-${i}`);
    const start = join(options.scratch, `start-${i}`);
    const seen = join(options.scratch, `seen-${i}`);
    spawnSync('mkfifo', [go]);
    const env = { ...options.env };
    delete env.TMUX;
    const tmux = (args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' });
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const script = `read _ <${q(go)}; date +%s%N >${q(start)}; ${options.command}; sleep 5`;
    const made = tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      '160',
      '-y',
      '45',
      '-c',
      options.dir,
      `sh -c ${q(script)}`,
    ]);
    if (made.status !== 0) throw new Error(`tmux failed: ${made.stderr}`);
    tmux(['pipe-pane', '-t', 'main', '-o', `exec ${q(process.execPath)} ${q(stamper)} ${q(options.text)} ${q(seen)}`]);
    writeFileSync(go, '\n');
    const deadline = Date.now() + 20_000;
    while (!existsSync(seen) || !readFileSync(seen, 'utf8')) {
      if (Date.now() > deadline) {
        const screen = tmux(['capture-pane', '-p', '-t', 'main']).stdout;
        tmux(['kill-server']);
        throw new Error(`"${options.text}" did not appear within 20 s; the terminal shows:\n${screen}`);
      }
      await sleep(5);
    }
    const startedMs = Number(BigInt(readFileSync(start, 'utf8').trim()) / 1_000_000n);
    times.push(Number(readFileSync(seen, 'utf8')) - startedMs);
    tmux(['send-keys', '-t', 'main', 'C-c']);
    await sleep(100);
    tmux(['kill-server']);
    for (const f of [go, start, seen]) rmSync(f, { force: true });
  }
  return { median: median(times), runs: times };
}

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}
