import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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
  appendRecords(
    eventsPath(gitDir),
    events.map((e) => JSON.stringify(e)),
  );
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
  try {
    return parseEvents(readFileSync(eventsPath(gitDir), 'utf8'));
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
 * The buffer is renamed first, so agents appending meanwhile start a new buffer; a writer that
 * opened the old one just before the rename is caught by reading it again at the end.
 */
export function consumeEvents(
  gitDir: string,
  commonDir: string,
  used: ReadonlySet<string>,
  binding: ArchiveBinding,
  now = new Date(),
): number {
  const buffer = eventsPath(gitDir);
  if (!existsSync(buffer) || used.size === 0) return 0;
  const taking = `${buffer}.${process.pid}.consuming`;
  try {
    renameSync(buffer, taking);
  } catch {
    return 0;
  }
  let offset = 0;
  let consumed = 0;
  const archived: string[] = [];
  const kept: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const bytes = readFileSync(taking);
    const text = bytes.subarray(offset).toString('utf8');
    offset = bytes.length;
    for (const line of text.split('\n')) {
      if (!line) continue;
      let id: unknown;
      try {
        id = (JSON.parse(line) as { id?: unknown }).id;
      } catch {
        kept.push(line); // a torn line is not ours to judge: it goes back as it was
        continue;
      }
      if (typeof id === 'string' && used.has(id)) {
        archived.push(line);
        consumed++;
      } else kept.push(line);
    }
  }
  if (archived.length) {
    const header = JSON.stringify({ schema: 'ai-attest/capture-archive@1', time: now.toISOString(), ...binding });
    appendRecords(archivePath(commonDir, binding.tree), [header, ...archived]);
  }
  if (kept.length) appendRecords(buffer, kept);
  rmSync(taking, { force: true });
  return consumed;
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
    if (value.schema === 'ai-attest/capture-archive@1') {
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
