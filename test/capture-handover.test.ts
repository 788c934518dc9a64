// @module-tag git
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeTurnContribution } from '../src/capture/handover.js';
import { readBufferedParts } from '../src/detail/buffer.js';
import { decryptPart } from '../src/detail/crypt.js';
import { makeRecipient } from './helpers/detail.js';
import { BIN, makeRepo, makeSandbox } from './helpers/repo.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'agents', 'claude-code-2.0');

describe('hand-over of a Claude Code turn to the detail tier at Stop', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());

  it('builds the turn from the transcript: prompt, text, edits, model and provider ids', () => {
    const transcript = join(sandbox.root, 'unit.jsonl');
    writeFileSync(transcript, readFileSync(join(FIXTURES, 'transcript.jsonl'), 'utf8').replaceAll('@ROOT@', '/repo'));
    const turn = claudeTurnContribution(transcript, '/repo', 'sess')!;
    expect(turn.key).toBe('claude-code:sess:0b6f6a52-1d0e-4c57-a3c4-6f2f1f0e9a10');
    expect(turn.contribution).toMatchObject({
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      via: 'cli-agent',
      session: 'sess',
      requestIds: ['req_011CTy7bM2nQ4rS6tU8vW1xY', 'req_011CTy7cP5qR7sT9uV1wX3yZ', 'req_011CTy7dQ6rS8tU0vW2xY4zA'],
      messageIds: ['msg_01VxQ8mN3kT7aB2cD4eF6gH8', 'msg_01Kp4Rs6Tu8Vw0Xy2Za4Bc6D', 'msg_01Lq5St7Uv9Wx1Yz3Ab5Cd7E'],
      files: ['src/net.ts', 'src/user.ts'],
      startedAt: '2025-10-14T09:12:01.114Z',
      endedAt: '2025-10-14T09:12:13.804Z',
    });
    expect(turn.contribution.turns.map((t) => t.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(turn.contribution.outputs.map((o) => [o.kind, o.file])).toEqual([
      ['write', 'src/net.ts'],
      ['edit', 'src/user.ts'],
    ]);
    expect(claudeTurnContribution(join(sandbox.root, 'missing.jsonl'), '/repo')).toBeNull();
  });

  it('record at Stop seals the turn in the background, encrypted to the committed recipients', async () => {
    const repo = makeRepo(sandbox, 'sealed');
    const alice = await makeRecipient('Alice Compliance');
    repo.write('.ai-attest/recipients/alice.asc', alice.publicArmored);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'recipients']);
    repo.git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const transcript = join(sandbox.root, 'sealed.jsonl');
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    writeFileSync(
      transcript,
      readFileSync(join(FIXTURES, 'transcript.jsonl'), 'utf8')
        .replaceAll('@ROOT@', repo.dir)
        .replace('Add a retry helper', `Add a retry helper (token ${secret})`),
    );
    const stop = readFileSync(join(FIXTURES, 'stop.json'), 'utf8').replaceAll('@ROOT@', repo.dir).replaceAll('@TRANSCRIPT@', transcript);
    // Started as a global npm install starts it: through a symlink in a folder of its own.
    const globalBin = join(sandbox.root, 'usr-bin');
    mkdirSync(globalBin);
    symlinkSync(BIN, join(globalBin, 'ai-attest'));
    const r = spawnSync(process.execPath, [join(globalBin, 'ai-attest'), 'record', '--agent', 'claude-code'], {
      cwd: repo.dir,
      env: repo.env,
      input: stop,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const dir = join(repo.dir, '.git', 'ai-attest', 'detail');
    // The sealer runs detached; wait for its part (it writes whole, then renames).
    for (let i = 0; i < 300 && !(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'))); i++)
      await new Promise((done) => setTimeout(done, 100));
    const [part] = await readBufferedParts(join(repo.dir, '.git'));
    expect(part).toBeDefined();
    expect(part!.files).toEqual(['src/net.ts', 'src/user.ts']);
    expect(readFileSync(join(dir, `${part!.id}.json`), 'utf8')).not.toContain('retry');
    const plain = JSON.parse(Buffer.from(await decryptPart(part!, alice.privateKey)).toString('utf8'));
    expect(plain).toMatchObject({
      tool: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
      requestIds: expect.arrayContaining(['req_011CTy7cP5qR7sT9uV1wX3yZ']),
    });
    expect(plain.turns[0].text).toContain('Add a retry helper');
    expect(plain.turns[0].text).not.toContain(secret);
    // The queue's one sealer drained it and let go of the lock as it exited.
    const lock = join(repo.dir, '.git', 'ai-attest', 'seal-queue.lock');
    for (let i = 0; i < 300 && existsSync(lock); i++) await new Promise((done) => setTimeout(done, 100));
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(join(repo.dir, '.git', 'ai-attest', 'seal-queue'))).toEqual([]);
  });
});
