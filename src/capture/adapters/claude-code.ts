import { editsFromInput, obj, promptOf, str, type AgentAdapter, type Edit, type Reading } from './types.js';

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

/**
 * Claude Code hook payloads (`.claude/settings.json`). No payload carries the model or the
 * provider's ids: they are in the transcript (`message.model`, `requestId`, `message.id` on the
 * assistant line holding the tool call), which may not be written yet when the hook runs.
 */
export const claudeCode: AgentAdapter = {
  id: 'claude-code',
  label: 'Claude Code',
  tool: 'claude-code',
  via: 'cli-agent',
  facts: {
    model: 'yes (transcript message.model, read again at Stop and at commit)',
    prompt: 'yes (UserPromptSubmit: a digest in the event; the text sealed in the detail tier, read from the transcript at Stop)',
    edits: 'yes (Edit, Write, MultiEdit)',
    ranges: 'yes',
    requestIds: 'yes (transcript requestId, message.id)',
  },
  read(payload) {
    const event = str(payload.hook_event_name);
    const transcript = str(payload.transcript_path);
    const base: Partial<Reading> = {
      ...(str(payload.session_id) ? { session: str(payload.session_id) } : {}),
      ...(str(payload.prompt_id) ? { turn: str(payload.prompt_id) } : {}),
      ...(str(payload.cwd) ? { cwd: str(payload.cwd) } : {}),
      ...(str(payload.model) ? { model: str(payload.model) } : {}),
    };
    const pending = (toolUseId?: string) =>
      transcript ? { pending: { from: 'claude-transcript' as const, transcript, ...(toolUseId ? { toolUseId } : {}) } } : {};
    switch (event) {
      case 'PostToolUse': {
        const tool = str(payload.tool_name) ?? '';
        if (!EDIT_TOOLS.has(tool)) return null;
        const toolUseId = str(payload.tool_use_id);
        const input = obj(payload.tool_input);
        const edits = editsFromPatch(input, payload.tool_response) ?? editsFromInput(input);
        // NotebookEdit writes a cell, not lines of a text file: record it without ranges.
        return {
          ...base,
          kind: 'edit',
          edits,
          ...pending(toolUseId),
          ref: { ...(transcript ? { transcript } : {}), ...(toolUseId ? { toolUseId } : {}) },
        };
      }
      case 'UserPromptSubmit':
        return { ...base, kind: 'prompt', ...promptOf(payload), ...pending(), ...(transcript ? { ref: { transcript } } : {}) };
      case 'Stop':
      case 'SubagentStop':
        return { ...base, kind: 'stop', ...pending(), ...(transcript ? { ref: { transcript } } : {}) };
      case 'SessionStart':
        return { ...base, kind: 'session', ...(base.model ? {} : pending()) };
      default:
        return null;
    }
  },
};

/**
 * Newer Claude Code versions answer Edit/Write/MultiEdit with `structuredPatch`
 * (`[{oldStart, oldLines, newStart, newLines, lines: ["+..", "-..", " .."]}]`): the exact lines
 * written and where, better than searching the file for new_string.
 */
function editsFromPatch(input: Record<string, unknown>, response: unknown): Edit[] | null {
  const r = obj(response);
  const path = str(r.filePath) ?? str(input.file_path);
  if (!path || !Array.isArray(r.structuredPatch) || r.structuredPatch.length === 0) return null;
  const edits: Edit[] = [];
  for (const h of r.structuredPatch) {
    const hunk = obj(h);
    if (!Array.isArray(hunk.lines) || typeof hunk.newStart !== 'number') return null;
    const lines = hunk.lines.filter((l): l is string => typeof l === 'string');
    const added = lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
    const removed = lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1));
    if (!added.length) continue;
    // The hunk spans newLines lines from newStart; only its added lines are the agent's, so
    // each run of them becomes a range.
    const ranges: Array<[number, number]> = [];
    let line = hunk.newStart;
    for (const l of lines) {
      if (l.startsWith('-')) continue;
      if (l.startsWith('+')) {
        const last = ranges[ranges.length - 1];
        if (last && last[1] === line - 1) last[1] = line;
        else ranges.push([line, line]);
      }
      line++;
    }
    edits.push({ path, written: `${added.join('\n')}\n`, ...(removed.length ? { replaced: `${removed.join('\n')}\n` } : {}), ranges });
  }
  return edits;
}
