// @module-tag git
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../src/core/model.js';
import { PROJECT_ROOT } from './helpers/repo.js';
import { hasTmux, startTmux, type TmuxSession } from './helpers/tmux.js';

/**
 * The prompt on a real terminal: a bundled driver stands in for the prepare-commit-msg hook,
 * runs in tmux with stdin from /dev/null (as git gives hooks) and writes its outcome as JSON.
 */
const files = [
  { path: 'src/auth/login.ts', category: 'security-controls' },
  { path: '.env', category: 'credentials' },
];

let work = '';
let driver = '';
let run = 0;
const sessions: TmuxSession[] = [];

beforeAll(() => {
  // Inside the project, so the bundle's bare imports (@inquirer/prompts) resolve from node_modules.
  mkdirSync(join(PROJECT_ROOT, 'test-artifacts'), { recursive: true });
  work = mkdtempSync(join(PROJECT_ROOT, 'test-artifacts', 'prompt-tty-'));
  driver = join(work, 'driver.mjs');
  const esbuild = spawnSync(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      'test/fixtures/prompt-driver.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      '--packages=external',
      `--outfile=${driver}`,
      '--log-level=warning',
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (esbuild.status !== 0) throw new Error(`esbuild failed: ${esbuild.stderr}`);
});

afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

interface DriverRun {
  tmux: TmuxSession;
  /** The driver's JSON outcome, once it has ended. */
  result(): Record<string, unknown>;
  files: { out: string; before: string; after: string };
}

/** The driver under a shell that records the terminal mode before and after, then reads a line. */
function startDriver(spec: Record<string, unknown>): DriverRun {
  const id = ++run;
  const out = join(work, `out-${id}.json`);
  const before = join(work, `stty-before-${id}`);
  const after = join(work, `stty-after-${id}`);
  const command = [
    `stty -g > ${quote(before)}`,
    `${quote(process.execPath)} ${quote(driver)} < /dev/null`,
    `echo "driver exit $?"`,
    `stty -g > ${quote(after)}`,
    `printf 'shell> '`,
    `read -r line`,
    `echo "typed: $line"`,
    `echo 'shell done'`,
  ].join('; ');
  const tmux = startTmux({
    command,
    cwd: work,
    width: 160,
    height: 40,
    env: { PROMPT_DRIVER_OUT: out, PROMPT_DRIVER_INPUT: JSON.stringify(spec), NO_COLOR: '1', LANG: 'C.UTF-8' },
  });
  sessions.push(tmux);
  return { tmux, files: { out, before, after }, result: () => JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> };
}

describe.skipIf(!hasTmux())('prompt on a real terminal (tmux)', () => {
  it('answers every question: two tools, a refused bare model then an exact one, a custom share, sensitive files', async () => {
    const { tmux, result } = startDriver({ sensitive: files });
    await tmux.waitFor('Was AI used for this change?');
    tmux.keys('Enter');
    await tmux.waitFor('Which AI tools did you use?');
    expect(tmux.screen()).toContain('Aider · cli-agent (not approved)');
    tmux.keys('Space', 'Down', 'Space', 'Enter');
    await tmux.waitFor('Which Claude Code model?');
    tmux.keys('Enter');
    await tmux.waitFor('How was Claude Code used?');
    tmux.keys('Enter');
    await tmux.waitFor('Which GitHub Copilot model?');
    tmux.keys('Down', 'Enter');
    await tmux.waitFor('Exact GitHub Copilot model id');
    tmux.type('gpt-4');
    tmux.keys('Enter');
    await tmux.waitFor('"gpt-4" is a floating openai alias');
    tmux.keys('C-u');
    tmux.type('gpt-5-2025-08-07');
    tmux.keys('Enter');
    await tmux.waitFor('How was GitHub Copilot used?');
    tmux.keys('Enter');
    await tmux.waitFor('About how much of the change came from AI?');
    tmux.keys('Down', 'Down', 'Down', 'Down', 'Enter'); // 50% -> Custom...
    await tmux.waitFor('AI share in percent (0-100):');
    tmux.type('40');
    tmux.keys('Enter');
    await tmux.waitFor('Which of these sensitive files did AI touch?');
    tmux.keys('Down', 'Space', 'Enter'); // .env: human-only
    await tmux.waitFor('Which tools touched them?');
    tmux.keys('Down', 'Space', 'Enter'); // login.ts: Claude Code only
    const screen = await tmux.waitFor('driver exit 0');

    expect(result()).toEqual({
      answers: {
        ai: 'used',
        tools: [
          { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', via: 'cli-agent' },
          { tool: 'copilot', model: 'gpt-5-2025-08-07', via: 'ide-plugin' },
        ],
        share: 40,
        sensitive: [
          { path: 'src/auth/login.ts', category: 'security-controls', ai: ['claude-code'] },
          { path: '.env', category: 'credentials', ai: [] },
        ],
        source: 'prompt',
      } satisfies Answers,
    });
    // Answered prompts are cleared, and no summary is printed here: commit-msg prints what it signed, once.
    expect(screen).not.toMatch(/Which|How was|About how much/);
    expect(screen).not.toContain('~40% AI');
  });

  it('"No AI" takes two keystrokes', async () => {
    const { tmux, result } = startDriver({ sensitive: files });
    await tmux.waitFor('Was AI used for this change?');
    tmux.keys('Down', 'Enter');
    const screen = await tmux.waitFor('driver exit 0');
    expect(result()).toEqual({
      answers: {
        ai: 'none',
        tools: [],
        share: 0,
        sensitive: [
          { path: 'src/auth/login.ts', category: 'security-controls', ai: [] },
          { path: '.env', category: 'credentials', ai: [] },
        ],
        source: 'prompt',
      },
    });
    expect(screen).not.toContain('no AI, 2 sensitive files');
  });

  it('amend: Enter reuses the previous answers', async () => {
    const previous: Answers = {
      ai: 'used',
      tools: [{ tool: 'claude-code', model: 'claude-opus-4-1-20250805', via: 'cli-agent' }],
      share: 75,
      sensitive: [{ path: 'src/auth/login.ts', category: 'security-controls', ai: ['claude-code'] }],
      source: 'prompt',
    };
    const { tmux, result } = startDriver({ kind: 'amend', sensitive: [files[0]], defaults: previous });
    await tmux.waitFor('Reuse the previous answers? claude-code claude-opus-4-1-20250805 (cli-agent), ~75% AI');
    tmux.keys('Enter');
    await tmux.waitFor('driver exit 0');
    expect(result()).toEqual({ answers: { ...previous, source: 'amend' } });
  });

  it('Ctrl-C aborts with InterruptedError and leaves the terminal as it found it', async () => {
    const { tmux, result, files: paths } = startDriver({ sensitive: files });
    await tmux.waitFor('Was AI used for this change?');
    tmux.keys('Enter');
    await tmux.waitFor('Which AI tools did you use?');
    tmux.keys('Space', 'C-c');
    await tmux.waitFor('driver exit 130');
    expect(result()).toMatchObject({ error: 'InterruptedError', exitCode: 130 });
    await tmux.waitFor('shell> ');
    expect(readFileSync(paths.after, 'utf8')).toBe(readFileSync(paths.before, 'utf8'));
    // Cooked mode with echo: the shell reads a typed line.
    tmux.type('still usable');
    tmux.keys('Enter');
    await tmux.waitFor('typed: still usable');
    await tmux.waitForExit();
    expect(tmux.screen()).toContain('shell done');
  });
});

describe('prompt without a terminal', () => {
  it('openTerminal() returns null at once under setsid with no tty', async () => {
    const out = join(work, 'no-tty.json');
    const started = Date.now();
    const child = spawn('setsid', ['-w', process.execPath, driver], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PROMPT_DRIVER_OUT: out, PROMPT_DRIVER_INPUT: '{}' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ terminal: null });
  });
});
