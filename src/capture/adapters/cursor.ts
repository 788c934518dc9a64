import { editsFromInput, obj, promptOf, str, type AgentAdapter, type Reading } from './types.js';

const EDIT_TOOLS = new Set(['Write', 'StrReplace', 'ApplyPatch', 'Edit', 'MultiEdit']);

/**
 * Cursor hook payloads (`.cursor/hooks.json`): every payload carries `model` (and, newer,
 * `model_id`), `conversation_id` and `generation_id`. No provider request id is exposed; the
 * generation id is kept as the response id.
 */
export const cursor: AgentAdapter = {
  id: 'cursor',
  label: 'Cursor',
  tool: 'cursor',
  via: 'ide-plugin',
  facts: {
    model: 'yes (payload model_id / model)',
    prompt: 'yes (beforeSubmitPrompt: a digest in the event; the text sealed in the detail tier)',
    edits: 'yes (afterFileEdit, postToolUse)',
    ranges: 'yes',
    requestIds: 'generation id only (no provider request id exposed)',
  },
  read(payload) {
    const model = str(payload.model_id) ?? str(payload.model);
    const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
    const generation = str(payload.generation_id);
    const base: Partial<Reading> = {
      ...(model ? { model } : {}),
      ...(str(payload.conversation_id) ? { session: str(payload.conversation_id) } : {}),
      ...(generation ? { turn: generation, responses: [generation] } : {}),
      ...(roots[0] ? { cwd: roots[0] } : str(payload.cwd) ? { cwd: str(payload.cwd) } : {}),
      ...(str(payload.transcript_path) ? { ref: { transcript: str(payload.transcript_path)! } } : {}),
    };
    switch (str(payload.hook_event_name)) {
      case 'afterFileEdit':
      case 'afterTabFileEdit':
        return { ...base, kind: 'edit', edits: editsFromInput({ file_path: payload.file_path, edits: payload.edits }) };
      case 'postToolUse': {
        if (!EDIT_TOOLS.has(str(payload.tool_name) ?? '')) return null;
        return { ...base, kind: 'edit', edits: editsFromInput(obj(payload.tool_input)) };
      }
      case 'beforeSubmitPrompt':
        return { ...base, kind: 'prompt', ...promptOf(payload) };
      case 'stop':
        return { ...base, kind: 'stop' };
      default:
        return null;
    }
  },
};
