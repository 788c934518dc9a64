import { parseApplyPatch } from './apply-patch.js';
import { editsFromInput, obj, promptOf, str, type AgentAdapter, type Edit, type Reading } from './types.js';

/**
 * Codex CLI hook payloads (`.codex/hooks.json`): PostToolUse carries `model`, `session_id` and
 * `turn_id`; edits arrive as `apply_patch` calls whose patch names each file it changes.
 */
export const codex: AgentAdapter = {
  id: 'codex',
  label: 'Codex CLI',
  tool: 'codex',
  via: 'cli-agent',
  facts: {
    model: 'yes (payload model)',
    prompt: 'yes (UserPromptSubmit: a digest in the event; the text sealed in the detail tier)',
    edits: 'yes (apply_patch)',
    ranges: 'yes',
    requestIds: 'no (turn id only)',
  },
  read(payload) {
    const base: Partial<Reading> = {
      ...(str(payload.model) ? { model: str(payload.model) } : {}),
      ...(str(payload.session_id) ? { session: str(payload.session_id) } : {}),
      ...(str(payload.turn_id) ? { turn: str(payload.turn_id) } : {}),
      ...(str(payload.cwd) ? { cwd: str(payload.cwd) } : {}),
      ...(str(payload.transcript_path) ? { ref: { transcript: str(payload.transcript_path)! } } : {}),
    };
    switch (str(payload.hook_event_name)) {
      case 'PostToolUse': {
        const input = obj(payload.tool_input);
        const patch = patchText(input);
        const edits: Edit[] = patch ? parseApplyPatch(patch) : editsFromInput(input);
        if (!edits.length) return null;
        return { ...base, kind: 'edit', edits };
      }
      case 'UserPromptSubmit':
        return { ...base, kind: 'prompt', ...promptOf(payload) };
      case 'Stop':
        return { ...base, kind: 'stop' };
      case 'SessionStart':
        return { ...base, kind: 'session' };
      default:
        return null;
    }
  },
};

/** The patch of an apply_patch call: `patch`/`input`, or the last word of an `apply_patch` command. */
function patchText(input: Record<string, unknown>): string | undefined {
  for (const key of ['patch', 'input'])
    if (typeof input[key] === 'string' && (input[key] as string).includes('*** Begin Patch')) return input[key] as string;
  const command = input.command;
  if (Array.isArray(command)) {
    const last = command[command.length - 1];
    if (typeof last === 'string' && last.includes('*** Begin Patch')) return last;
  }
  if (typeof command === 'string' && command.includes('*** Begin Patch')) return command.slice(command.indexOf('*** Begin Patch'));
  return undefined;
}
