import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeTurnContribution } from '../src/capture/handover.js';
import {
  drainQueue,
  enqueueTurn,
  ensureSealer,
  type QueuedTurn,
  type QueuePaths,
  queuedEntries,
  sealQueuePaths,
} from '../src/capture/seal-queue.js';

// One sealer per repository drains Claude Code's queued turns (src/capture/seal-queue.ts). The
// processes are stood in for by pids the tests declare alive or dead: no process starts here.
const root = mkdtempSync(join(tmpdir(), 'ai-attest-seal-queue-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let repos = 0;
function queue(): QueuePaths {
  const gitDir = join(root, `repo-${++repos}`, '.git');
  mkdirSync(join(gitDir, 'ai-attest'), { recursive: true });
  return sealQueuePaths(gitDir);
}

/** A hand-over whose sealer (pid) starts and stays alive. */
const startedAs = (paths: QueuePaths, pid: number) =>
  ensureSealer(
    paths,
    () => pid,
    () => true,
  );

describe('the single draining sealer', () => {
  it('a burst of 20 hand-overs starts one sealer, and it seals every turn once, in order', async () => {
    const paths = queue();
    const live = new Set<number>();
    const alive = (pid: number) => live.has(pid);
    let starts = 0;
    const start = () => {
      starts++;
      live.add(4242);
      return 4242;
    };
    const outcomes = Array.from({ length: 20 }, (_, i) => {
      enqueueTurn(paths, { transcript: `t${i}.jsonl`, session: 's' });
      return ensureSealer(paths, start, alive);
    });
    expect(starts).toBe(1);
    expect(outcomes.filter((o) => o === 'running')).toHaveLength(19);
    expect(queuedEntries(paths)).toHaveLength(20);

    const sealed: string[] = [];
    // Two more Stops arrive while it works: the running sealer takes them too.
    const seal = async (turn: QueuedTurn) => {
      sealed.push(turn.transcript);
      if (sealed.length === 5) {
        for (const late of ['late-a.jsonl', 'late-b.jsonl']) {
          enqueueTurn(paths, { transcript: late });
          expect(ensureSealer(paths, start, alive)).toBe('running');
        }
      }
    };
    expect(await drainQueue(paths, 4242, seal)).toBe(22);
    expect(sealed).toEqual([...Array.from({ length: 20 }, (_, i) => `t${i}.jsonl`), 'late-a.jsonl', 'late-b.jsonl']);
    expect(starts).toBe(1);
    expect(queuedEntries(paths)).toEqual([]);
    expect(existsSync(paths.lock)).toBe(false);
  });

  it('a sealer that dies mid-drain loses nothing: the next hand-over finds its lock dead and starts one that seals the rest', async () => {
    const paths = queue();
    const live = new Set<number>([1001]);
    const alive = (pid: number) => live.has(pid);
    let starts = 0;
    expect(ensureSealer(paths, () => (starts++, 1001), alive)).toBe('started');
    for (let i = 0; i < 6; i++) enqueueTurn(paths, { transcript: `t${i}.jsonl` });

    const sealedByFirst: string[] = [];
    // The first sealer hangs on its third turn and is killed there: its process is gone.
    void drainQueue(paths, 1001, async (turn) => {
      if (sealedByFirst.length === 2) {
        live.delete(1001);
        await new Promise(() => undefined);
      }
      sealedByFirst.push(turn.transcript);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(sealedByFirst).toEqual(['t0.jsonl', 't1.jsonl']);
    expect(queuedEntries(paths)).toHaveLength(4);

    enqueueTurn(paths, { transcript: 't6.jsonl' });
    expect(ensureSealer(paths, () => (starts++, live.add(1002), 1002), alive)).toBe('started');
    const sealedBySecond: string[] = [];
    await drainQueue(paths, 1002, async (turn) => {
      sealedBySecond.push(turn.transcript);
    });
    expect(sealedBySecond).toEqual(['t2.jsonl', 't3.jsonl', 't4.jsonl', 't5.jsonl', 't6.jsonl']);
    expect(starts).toBe(2);
    expect(queuedEntries(paths)).toEqual([]);
  });

  it('a turn that cannot be sealed is said and dropped, and the queue goes on', async () => {
    const paths = queue();
    expect(startedAs(paths, 7)).toBe('started');
    for (const t of ['ok-1', 'bad', 'ok-2']) enqueueTurn(paths, { transcript: t });
    const errors: string[] = [];
    const sealed: string[] = [];
    const count = await drainQueue(
      paths,
      7,
      async (turn) => {
        if (turn.transcript === 'bad') throw new Error('transcript is gone');
        sealed.push(turn.transcript);
      },
      (error) => errors.push((error as Error).message),
    );
    expect([count, sealed, errors]).toEqual([2, ['ok-1', 'ok-2'], ['transcript is gone']]);
  });

  it('a sealer that could not start leaves no lock, so the next hand-over tries again', () => {
    const paths = queue();
    enqueueTurn(paths, { transcript: 't' });
    expect(ensureSealer(paths, () => undefined)).toBe('failed');
    expect(existsSync(paths.lock)).toBe(false);
    expect(startedAs(paths, 9)).toBe('started');
    expect(readFileSync(paths.lock, 'utf8')).toBe('9');
  });

  it('a sealer that is not the one the lock names drains nothing', async () => {
    const paths = queue();
    expect(startedAs(paths, 11)).toBe('started');
    enqueueTurn(paths, { transcript: 't' });
    expect(await drainQueue(paths, 12, async () => undefined)).toBe(0);
    expect(queuedEntries(paths)).toHaveLength(1);
  });
});

describe("Claude Code's turn read back later from the transcript (upTo)", () => {
  const transcriptFixture = readFileSync(join(import.meta.dirname, 'fixtures', 'agents', 'claude-code-2.0', 'transcript.jsonl'), 'utf8');

  it('reads the turn that had ended at Stop, the same as reading at once, even after the next turn is written', () => {
    const dir = join(root, 'transcripts');
    mkdirSync(dir, { recursive: true });
    const transcript = join(dir, 'session.jsonl');
    writeFileSync(transcript, transcriptFixture.replaceAll('@ROOT@', dir));
    const atStop = claudeTurnContribution(transcript, dir, 's');
    expect(atStop?.contribution.turns.length).toBeGreaterThan(0);
    const upTo = statSync(transcript).size;
    expect(claudeTurnContribution(transcript, dir, 's', upTo)).toEqual(atStop);

    const next = {
      type: 'user',
      uuid: 'next-prompt',
      message: { role: 'user', content: 'And now the docs' },
      timestamp: '2025-10-14T09:20:00.000Z',
    };
    const answer = {
      type: 'assistant',
      requestId: 'req_next',
      message: { id: 'msg_next', model: 'claude-opus-4-1', content: [{ type: 'text', text: 'Done.' }] },
      timestamp: '2025-10-14T09:20:05.000Z',
    };
    appendFileSync(transcript, `${JSON.stringify(next)}\n${JSON.stringify(answer)}\n`);
    expect(claudeTurnContribution(transcript, dir, 's', upTo)).toEqual(atStop);
    expect(claudeTurnContribution(transcript, dir, 's')?.key).toBe('claude-code:s:next-prompt');
  });

  it('keeps the lines of that turn the agent wrote after its Stop hook ran', () => {
    const dir = join(root, 'transcripts-late');
    mkdirSync(dir, { recursive: true });
    const whole = join(dir, 'whole.jsonl');
    writeFileSync(whole, transcriptFixture.replaceAll('@ROOT@', dir));
    const lines = readFileSync(whole, 'utf8').trimEnd().split('\n');
    const late = join(dir, 'late.jsonl');
    writeFileSync(late, `${lines.slice(0, -1).join('\n')}\n`);
    const upTo = statSync(late).size;
    appendFileSync(late, `${lines.at(-1)}\n`);
    expect(claudeTurnContribution(late, dir, 's', upTo)).toEqual(claudeTurnContribution(whole, dir, 's'));
  });
});
