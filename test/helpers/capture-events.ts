import { EVENT_SCHEMA, type CaptureEvent } from '../../src/capture/event.js';
import { writtenDigests } from '../../src/capture/lines.js';

let seq = 0;

/** A Claude Code edit event that wrote `written` into `file` (ids and times in recording order). */
export function claudeEdit(file: string, written: string, over: Partial<CaptureEvent> = {}): CaptureEvent {
  seq++;
  return {
    schema: EVENT_SCHEMA,
    id: `e${seq}`,
    time: `2026-11-30T10:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    agent: 'claude-code',
    tool: 'claude-code',
    via: 'cli-agent',
    kind: 'edit',
    model: 'claude-sonnet-4-5-20250929',
    session: 's1',
    file,
    written: writtenDigests('', written),
    ...over,
  };
}

/** A generic tool's edit event of `a.ts`, for the buffer's tests. */
export function genericEdit(id: string, over: Partial<CaptureEvent> = {}): CaptureEvent {
  return {
    schema: EVENT_SCHEMA,
    id,
    time: '2026-11-30T10:00:00.000Z',
    agent: 'generic',
    tool: 'my-agent',
    via: 'other',
    kind: 'edit',
    model: 'm-2025-01-01',
    file: 'a.ts',
    ...over,
  };
}
