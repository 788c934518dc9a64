import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { withBufferLock } from './buffer-lock.js';
import { EVENT_SCHEMA, type CaptureEvent } from './event.js';

/**
 * The capture buffer: `$GIT_DIR/ai-attest/events.jsonl`, one event per line.
 *
 * - Each event is ONE write(2) on a file opened with O_APPEND: the kernel places it at the end
 *   atomically, so two agents recording at once never interleave their bytes.
 * - Each record starts with a newline: a line torn by a crash (no newline at its end) is
 *   closed by the next record instead of swallowing it, and readers skip what does not parse.
 * - Consumed events move to the archive with the binding of the commit they went into.
 */
export function eventsPath(gitDir: string): string {
  return join(gitDir, 'ai-attest', 'events.jsonl');
}

export function archiveDir(commonDir: string): string {
  return join(commonDir, 'ai-attest', 'capture-archive');
}

export function archivePath(commonDir: string, tree: string): string {
  return join(archiveDir(commonDir), `${tree}.jsonl`);
}

export function appendEvents(gitDir: string, events: readonly CaptureEvent[]): void {
  if (!events.length) return;
  const buffer = eventsPath(gitDir);
  const records = events.map((e) => JSON.stringify(e));
  // Under the lock a commit consuming the buffer cannot miss the event. A lock that cannot be had
  // (a wedged process) must not cost the event: O_APPEND alone still keeps writers apart.
  if (!withBufferLock(buffer, () => appendRecords(buffer, records)).ok) appendRecords(buffer, records);
}

function appendRecords(path: string, records: readonly string[]): void {
  const data = Buffer.from(records.map((r) => `\n${r}`).join(''));
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(join(path, '..'), { recursive: true });
    fd = openSync(path, 'a', 0o600);
  }
  try {
    let written = 0;
    // A regular file takes the whole buffer in one call; the loop only guards a short write.
    while (written < data.length) written += writeSync(fd, data, written);
  } finally {
    closeSync(fd);
  }
}

/** Every well-formed event of a buffer or archive text; torn or foreign lines are skipped. */
export function parseEvents(text: string): CaptureEvent[] {
  const out: CaptureEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line || line[0] !== '{') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    out.push(...upgrade(value));
  }
  return out;
}

export function readEvents(gitDir: string): CaptureEvent[] {
  return readEventsAt(eventsPath(gitDir));
}

function readEventsAt(path: string): CaptureEvent[] {
  try {
    return parseEvents(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

export function hasEvents(gitDir: string): boolean {
  try {
    return statSync(eventsPath(gitDir)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Events written by older versions (`ai-attest/event@1`: tool, model, via, files, session,
 * share) become one edit event per file, without line data.
 */
function upgrade(value: unknown): CaptureEvent[] {
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  if (v.schema === EVENT_SCHEMA) {
    return typeof v.id === 'string' && typeof v.tool === 'string' && typeof v.model === 'string' ? [v as unknown as CaptureEvent] : [];
  }
  if (v.schema !== undefined || typeof v.tool !== 'string' || typeof v.model !== 'string') return [];
  const files = Array.isArray(v.files) ? v.files.filter((f): f is string => typeof f === 'string') : [];
  const base = {
    schema: EVENT_SCHEMA as typeof EVENT_SCHEMA,
    time: typeof v.time === 'string' ? v.time : new Date(0).toISOString(),
    agent: 'flags',
    tool: v.tool,
    via: (typeof v.via === 'string' ? v.via : 'other') as CaptureEvent['via'],
    kind: 'edit' as const,
    model: v.model,
    ...(typeof v.session === 'string' ? { session: v.session } : {}),
    ...(typeof v.share === 'number' ? { share: v.share } : {}),
  };
  const id = `v1:${base.time}:${v.tool}:${v.model}`;
  if (!files.length) return [{ ...base, id }];
  // Consuming by id takes the whole v1 line, so its per-file events share the id.
  return files.map((file) => ({ ...base, id, file }));
}

export interface ArchiveBinding {
  tree: string;
  parents: string[];
  patchId: string;
}

/**
 * Moves the events a commit used from the buffer to the archive, keeping every other event.
 *
 * Race-free: it runs under the buffer's lock, which every appender takes for its write, so the
 * bytes read are all there is until the buffer is replaced. Crash-safe: the events kept go to
 * `<buffer>.next` and the archive entry to `<buffer>.journal` before `next` is renamed over the
 * buffer (the one atomic step); the journal is then appended to the archive and removed. A
 * process killed anywhere leaves either the old buffer (and `next`: rolled back) or the new one
 * (and the journal: rolled forward) and the next consumer finishes the job, so an event is never
 * lost nor archived twice.
 */
export function consumeEvents(
  gitDir: string,
  commonDir: string,
  used: ReadonlySet<string>,
  binding: ArchiveBinding,
  now = new Date(),
  lockTimeoutMs?: number,
): number {
  const buffer = eventsPath(gitDir);
  if (used.size === 0 || !existsSync(buffer)) return 0;
  const outcome = withBufferLock(
    buffer,
    () => {
      recoverBuffer(buffer);
      let bytes: Buffer;
      try {
        bytes = readFileSync(buffer);
      } catch {
        return 0;
      }
      const archived: string[] = [];
      const kept: string[] = [];
      for (const line of bytes.toString('utf8').split('\n')) {
        if (!line) continue;
        let id: unknown;
        try {
          id = (JSON.parse(line) as { id?: unknown }).id;
        } catch {
          kept.push(line); // a torn line is not ours to judge: it stays as it was
          continue;
        }
        if (typeof id === 'string' && used.has(id)) archived.push(line);
        else kept.push(line);
      }
      if (!archived.length) return 0;
      const header = JSON.stringify({
        schema: ARCHIVE_SCHEMA,
        time: now.toISOString(),
        consumption: randomBytes(6).toString('hex'),
        ...binding,
      });
      const journal: Journal = { archive: archivePath(commonDir, binding.tree), records: [header, ...archived] };
      writeDurably(`${buffer}.next`, kept.map((l) => `\n${l}`).join(''));
      writeDurably(`${buffer}.journal`, JSON.stringify(journal));
      renameSync(`${buffer}.next`, buffer);
      applyJournal(buffer);
      // Appenders wait for the lock, so an empty buffer can go: no file means nothing captured.
      if (!kept.length) rmSync(buffer, { force: true });
      return archived.length;
    },
    lockTimeoutMs,
  );
  // Another process holds the lock for longer than a commit should wait: the events stay for a
  // later commit rather than risk losing one.
  return outcome.ok ? outcome.value : 0;
}

const ARCHIVE_SCHEMA = 'ai-attest/capture-archive@1';

interface Journal {
  archive: string;
  records: string[];
}

/** Finishes what a killed consumer left (caller holds the lock). */
function recoverBuffer(buffer: string): void {
  if (existsSync(`${buffer}.journal`)) {
    if (existsSync(`${buffer}.next`))
      rmSync(`${buffer}.journal`, { force: true }); // the buffer was never replaced
    else applyJournal(buffer);
  }
  rmSync(`${buffer}.next`, { force: true });
  restoreOldConsuming(buffer);
}

/** Appends the journal's entry to the archive unless a previous run already did, then drops it. */
function applyJournal(buffer: string): void {
  const path = `${buffer}.journal`;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch {
    rmSync(path, { force: true }); // torn before the buffer was replaced: nothing was moved
    return;
  }
  let archive = '';
  try {
    archive = readFileSync(journal.archive, 'utf8');
  } catch {
    // no archive for this tree yet
  }
  if (!archive.includes(journal.records[0]!)) appendRecords(journal.archive, journal.records);
  rmSync(path, { force: true });
}

/**
 * Versions before the lock renamed the buffer to `<buffer>.<pid>.consuming` while consuming; one
 * killed there left its events in that file. They go back to the buffer (minus any already there).
 */
function restoreOldConsuming(buffer: string): void {
  const dir = dirname(buffer);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^events\.jsonl\.\d+\.consuming$/.test(n));
  } catch {
    return;
  }
  if (!names.length) return;
  const present = new Set(readEventsAt(buffer).map((e) => e.id));
  for (const name of names) {
    const path = join(dir, name);
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line && parseEvents(line).some((e) => !present.has(e.id)));
    if (lines.length) appendRecords(buffer, lines);
    rmSync(path, { force: true });
  }
}

function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface ArchivedCommit extends ArchiveBinding {
  time: string;
  events: CaptureEvent[];
}

/** The archived events of every commit made with this tree (usually one). */
export function readArchive(commonDir: string, tree: string): ArchivedCommit[] {
  let text: string;
  try {
    text = readFileSync(archivePath(commonDir, tree), 'utf8');
  } catch {
    return [];
  }
  const out: ArchivedCommit[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (value.schema === ARCHIVE_SCHEMA) {
      out.push({
        tree: String(value.tree),
        parents: Array.isArray(value.parents) ? value.parents.map(String) : [],
        patchId: String(value.patchId ?? ''),
        time: String(value.time ?? ''),
        events: [],
      });
    } else {
      const [event] = parseEvents(line);
      if (event && out.length) out[out.length - 1]!.events.push(event);
    }
  }
  return out;
}
