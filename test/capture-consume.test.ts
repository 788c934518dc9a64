// @module-tag git
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, archiveDir, archivePath, consumeEvents, eventsPath, readArchive, readEvents } from '../src/capture/store.js';
import { genericEdit } from './helpers/capture-events.js';
import { makeSandbox, PROJECT_ROOT } from './helpers/repo.js';

const event = genericEdit;
const binding = (n: number) => ({ tree: n.toString(16).padStart(40, '0'), parents: [], patchId: '' });

/** Every archived event id (all trees) and every buffered one, as a count per id. */
function tally(gitDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  const dir = archiveDir(gitDir);
  for (const name of existsSync(dir) ? readdirSync(dir) : [])
    for (const commit of readArchive(gitDir, name.replace(/\.jsonl$/, ''))) for (const e of commit.events) add(e.id);
  for (const e of readEvents(gitDir)) add(e.id);
  return counts;
}

describe('consuming the capture buffer while agents append', () => {
  const sandbox = makeSandbox();
  let child: string;
  beforeAll(() => {
    // The real store code in a child process: appenders in tight loops, and a consumer that is killed.
    const entry = join(sandbox.root, 'buffer-child.ts');
    writeFileSync(
      entry,
      `import { appendEvents, consumeEvents, readEvents } from ${JSON.stringify(join(PROJECT_ROOT, 'src/capture/store.ts'))};\n` +
        `const [mode, gitDir, tag, count] = process.argv.slice(2);\n` +
        `const ev = (id) => ({ schema: 'ai-attest/event@2', id, time: new Date().toISOString(), agent: 'generic', tool: 't', via:` +
        ` 'other', kind: 'edit', model: 'm', file: 'a.ts' });\n` +
        `if (mode === 'append') for (let i = 0; i < Number(count); i++) appendEvents(gitDir, [ev(tag + '-' + i)]);\n` +
        `else for (let round = 0; ; round++) {\n` +
        `  if (round === 1) process.stdout.write('consuming\\n');\n` +
        `  const ids = new Set(readEvents(gitDir).map((e) => e.id));\n` +
        `  consumeEvents(gitDir, gitDir, ids, { tree: (process.pid * 100000 + round).toString(16).padStart(40, 'c'), parents: [],` +
        ` patchId: '' });\n` +
        `}\n`,
    );
    child = join(sandbox.root, 'buffer-child.mjs');
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: child,
      logLevel: 'silent',
      absWorkingDir: PROJECT_ROOT,
    });
  });
  afterAll(() => sandbox.cleanup());

  const run = (args: string[]): ChildProcess => spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const consuming = (p: ChildProcess) => new Promise<void>((resolve) => p.stdout!.once('data', () => resolve()));
  const exited = (p: ChildProcess) =>
    new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode ? resolve() : p.on('exit', () => resolve())));

  it('two appending processes, consumers in-process and killed mid-way: every event once, none lost', async () => {
    const gitDir = join(sandbox.root, 'hammer.git');
    mkdirSync(gitDir);
    const perAppender = 1500;
    const appenders = [run(['append', gitDir, 'a', String(perAppender)]), run(['append', gitDir, 'b', String(perAppender)])];
    const done = Promise.all(appenders.map(exited));
    let finished = false;
    void done.then(() => (finished = true));
    let round = 0;
    const consumeAll = () => consumeEvents(gitDir, gitDir, new Set(readEvents(gitDir).map((e) => e.id)), binding(++round));
    // A consumer in another process, killed at some point of its work, while this one consumes too.
    const killer = (async () => {
      for (let k = 0; !finished; k++) {
        const consumer = run(['consume', gitDir]);
        await Promise.race([consuming(consumer), exited(consumer)]);
        await new Promise((resolve) => setTimeout(resolve, k % 9));
        consumer.kill('SIGKILL');
        await exited(consumer);
      }
    })();
    while (!finished) {
      const until = Date.now() + 20;
      while (Date.now() < until) consumeAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await killer;
    await done;
    consumeAll();
    const counts = tally(gitDir);
    const expected = ['a', 'b'].flatMap((tag) => Array.from({ length: perAppender }, (_, i) => `${tag}-${i}`));
    expect([...counts.keys()].sort()).toEqual(expected.sort());
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(readEvents(gitDir)).toEqual([]);
    expect(round).toBeGreaterThan(1);
  }, 60_000);
});

describe('a consumer killed at each step', () => {
  const sandbox = makeSandbox();
  afterAll(() => sandbox.cleanup());
  let n = 0;
  const fresh = () => {
    const gitDir = join(sandbox.root, `k${n++}.git`);
    mkdirSync(gitDir);
    appendEvents(gitDir, [event('used'), event('kept')]);
    return gitDir;
  };
  const journal = (gitDir: string, tree: string, header: string) =>
    JSON.stringify({
      archive: archivePath(gitDir, tree),
      records: [
        header,
        readFileSync(eventsPath(gitDir), 'utf8')
          .split('\n')
          .find((l) => l.includes('"used"')),
      ],
    });
  const header = (tree: string) =>
    JSON.stringify({ schema: 'ai-attest/capture-archive@1', time: 't', consumption: 'x1', ...binding(0), tree });

  it('before the buffer was replaced: rolled back, the events are consumed once by the next commit', () => {
    const gitDir = fresh();
    const buffer = eventsPath(gitDir);
    const tree = binding(7).tree;
    writeFileSync(`${buffer}.next`, readFileSync(buffer, 'utf8').replace(/.*"used".*\n?/, ''));
    writeFileSync(`${buffer}.journal`, journal(gitDir, tree, header(tree)));
    expect(consumeEvents(gitDir, gitDir, new Set(['used']), binding(8))).toBe(1);
    expect(readArchive(gitDir, tree)).toEqual([]);
    expect(readArchive(gitDir, binding(8).tree)[0]!.events.map((e) => e.id)).toEqual(['used']);
    expect(readEvents(gitDir).map((e) => e.id)).toEqual(['kept']);
  });

  it('after the buffer was replaced: the archive entry is written once, even if it was half done', () => {
    for (const archivedAlready of [false, true]) {
      const gitDir = fresh();
      const buffer = eventsPath(gitDir);
      const tree = binding(9).tree;
      const text = journal(gitDir, tree, header(tree));
      writeFileSync(buffer, readFileSync(buffer, 'utf8').replace(/.*"used".*\n?/, ''));
      writeFileSync(`${buffer}.journal`, text);
      if (archivedAlready) {
        mkdirSync(archiveDir(gitDir), { recursive: true });
        writeFileSync(archivePath(gitDir, tree), (JSON.parse(text) as { records: string[] }).records.map((r) => `\n${r}`).join(''));
      }
      // A commit that uses nothing else still finishes the job.
      expect(consumeEvents(gitDir, gitDir, new Set(['kept']), binding(10))).toBe(1);
      expect(readArchive(gitDir, tree)[0]!.events.map((e) => e.id)).toEqual(['used']);
      expect(readArchive(gitDir, tree)).toHaveLength(1);
      expect(existsSync(`${buffer}.journal`)).toBe(false);
      expect(readEvents(gitDir)).toEqual([]);
    }
  });

  it('events left by an older version mid-consumption go back to the buffer', () => {
    const gitDir = fresh();
    const buffer = eventsPath(gitDir);
    writeFileSync(`${buffer}.4242.consuming`, `\n${JSON.stringify(event('orphan'))}\n${JSON.stringify(event('kept'))}`);
    consumeEvents(gitDir, gitDir, new Set(['used']), binding(11));
    expect(readEvents(gitDir).map((e) => e.id)).toEqual(['kept', 'orphan']);
    expect(existsSync(`${buffer}.4242.consuming`)).toBe(false);
  });

  it('a lock left by a dead process is broken; a live holder is waited for', async () => {
    const gitDir = fresh();
    const buffer = eventsPath(gitDir);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(`${buffer}.lock`, `${dead.pid}\n`);
    appendEvents(gitDir, [event('after-dead')]);
    expect(existsSync(`${buffer}.lock`)).toBe(false);
    expect(readEvents(gitDir).map((e) => e.id)).toContain('after-dead');

    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    writeFileSync(`${buffer}.lock`, `${holder.pid}\n`);
    const started = consumeEvents(gitDir, gitDir, new Set(['used']), binding(12), new Date(), 50);
    expect(started).toBe(0); // still held: nothing moved, nothing lost
    expect(readEvents(gitDir).map((e) => e.id)).toContain('used');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    expect(consumeEvents(gitDir, gitDir, new Set(['used']), binding(13))).toBe(1);
  });
});
