import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real terminal for tests: a detached tmux session on its own server (`tmux -L`), so tests
 * running in parallel never see each other's panes.
 */
export interface TmuxSession {
  /** Named keys (`Down`, `Space`, `Enter`, `C-c`, `BSpace`) as tmux send-keys spells them. */
  keys(...keys: string[]): void;
  /** Literal text, typed as is. */
  type(text: string): void;
  /** The visible pane, wrapped lines joined. */
  screen(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Waits for the command to end (the pane stays, remain-on-exit). tmux 3.3 does not always
   * report the exit status (#{pane_dead_status} comes back empty): have the command echo it.
   */
  waitForExit(timeoutMs?: number): Promise<void>;
  kill(): void;
}

export interface TmuxOptions {
  command: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  width?: number;
  height?: number;
}

let counter = 0;
const POLL_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export function startTmux(options: TmuxOptions): TmuxSession {
  const socket = `ai-attest-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'ai-attest-tmux-'));
  const conf = join(dir, 'tmux.conf');
  // Set before the command starts, so a command that ends at once still leaves its pane to read.
  writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\nset -g default-shell /bin/sh\nset -g history-limit 1000\n');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.TMUX;
  delete env.TMUX_PANE;

  const tmux = (args: string[], check = true): string => {
    const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
    if (check && result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
    return result.stdout;
  };
  const size = [String(options.width ?? 120), String(options.height ?? 40)];
  tmux([
    '-f',
    conf,
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    size[0]!,
    '-y',
    size[1]!,
    '-c',
    options.cwd ?? process.cwd(),
    options.command,
  ]);

  const screen = (): string => tmux(['capture-pane', '-p', '-J', '-t', 'main']);
  const paneDead = (): boolean => tmux(['display-message', '-p', '-t', 'main', '#{pane_dead}']).trim() === '1';

  return {
    keys: (...keys) => void tmux(['send-keys', '-t', 'main', ...keys]),
    type: (text) => void tmux(['send-keys', '-t', 'main', '-l', text]),
    screen,
    async waitFor(text, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const content = screen();
        if (typeof text === 'string' ? content.includes(text) : text.test(content)) return content;
        if (Date.now() > deadline) {
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(text)}; the pane shows:\n${content}`);
        }
        await sleep(POLL_MS);
      }
    },
    async waitForExit(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (paneDead()) return;
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting for the command to end; the pane shows:\n${screen()}`);
        await sleep(POLL_MS);
      }
    },
    kill() {
      tmux(['kill-server'], false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
