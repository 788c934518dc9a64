// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureEvent } from '../src/capture/event.js';
import { appendEvents, consumeEvents, eventsPath, readArchive, readEvents } from '../src/capture/store.js';
import { genericEdit } from './helpers/capture-events.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';

const event = genericEdit;

describe('the capture buffer', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  let n = 0;
  const gitDirOf = () => join(makeRepo(sandbox, `s${n++}`).dir, '.git');

  it('a line torn by a crash loses only itself', () => {
    const gitDir = gitDirOf();
    appendEvents(gitDir, [event('a')]);
    appendFileSync(eventsPath(gitDir), '\n{"schema":"ai-attest/event@2","id":"torn","ti'); // killed mid-write
    appendEvents(gitDir, [event('b')]);
    appendFileSync(eventsPath(gitDir), '\nnot json at all\n');
    appendEvents(gitDir, [event('c')]);
    expect(readEvents(gitDir).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('consuming archives what the commit used, with its binding, and keeps the rest', () => {
    const gitDir = gitDirOf();
    appendEvents(gitDir, [event('used-1'), event('other', { file: 'b.ts' }), event('used-2', { kind: 'stop', file: undefined })]);
    appendFileSync(eventsPath(gitDir), '\n{"torn');
    const binding = { tree: 'a'.repeat(40), parents: ['b'.repeat(40)], patchId: 'c'.repeat(40) };
    expect(consumeEvents(gitDir, gitDir, new Set(['used-1', 'used-2']), binding)).toBe(2);
    expect(readEvents(gitDir).map((e) => e.id)).toEqual(['other']);
    expect(readFileSync(eventsPath(gitDir), 'utf8')).toContain('{"torn');
    const [archived] = readArchive(gitDir, binding.tree);
    expect(archived).toMatchObject(binding);
    expect(archived!.events.map((e) => e.id)).toEqual(['used-1', 'used-2']);
    for (const leftover of ['.lock', '.next', '.journal']) expect(existsSync(`${eventsPath(gitDir)}${leftover}`)).toBe(false);
  });

  it('reads the flags-era events (event@1) as edits per file', () => {
    const gitDir = gitDirOf();
    mkdirSync(join(gitDir, 'ai-attest'));
    appendFileSync(
      eventsPath(gitDir),
      `${JSON.stringify({
        time: '2026-11-27T12:00:00.000Z',
        tool: 'claude-code',
        model: 'claude-sonnet-4-5-20250929',
        via: 'cli-agent',
        files: ['a.ts', 'b.ts'],
        session: 's',
      })}\n`,
    );
    expect(readEvents(gitDir).map((e) => [e.kind, e.file, e.model, e.session])).toEqual([
      ['edit', 'a.ts', 'claude-sonnet-4-5-20250929', 's'],
      ['edit', 'b.ts', 'claude-sonnet-4-5-20250929', 's'],
    ]);
  });

  it('two agents recording at once never interleave their lines', async () => {
    const repo = makeRepo(sandbox, 'concurrent');
    repo.write('f.ts', `${'x'.repeat(3000)}\n`);
    const perAgent = 8;
    // Long ids and digests make each record several KiB, so interleaved writes would show.
    const payload = (agent: string, i: number) =>
      JSON.stringify({
        tool: agent,
        model: 'm-2025-01-01',
        file: 'f.ts',
        content: 'x'.repeat(3000),
        session: `${agent}-${'s'.repeat(2000)}`,
        turn: String(i),
      });
    const run = (agent: string) =>
      new Promise<void>((resolve, reject) => {
        const script = Array.from(
          { length: perAgent },
          (_, i) => `printf '%s' '${payload(agent, i)}' | "$NODE" "$BIN" record --event - || exit 1`,
        ).join('\n');
        const child = spawn('sh', ['-c', script], { cwd: repo.dir, env: { ...repo.env, NODE: process.execPath, BIN }, stdio: 'ignore' });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${agent} exited ${code}`))));
      });
    await Promise.all([run('agent-a'), run('agent-b')]);
    const lines = readFileSync(eventsPath(join(repo.dir, '.git')), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(2 * perAgent);
    const events = lines.map((l) => JSON.parse(l) as CaptureEvent);
    for (const agent of ['agent-a', 'agent-b'])
      expect(
        events
          .filter((e) => e.tool === agent)
          .map((e) => Number(e.turn))
          .sort((a, b) => a - b),
      ).toEqual([...Array(perAgent).keys()]);
  });
});
