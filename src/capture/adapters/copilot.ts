import { editsFromInput, obj, promptOf, str, type AgentAdapter, type Reading } from './types.js';

const EDIT_TOOLS = new Set([
  'edit',
  'create',
  'str_replace_editor',
  'editFiles',
  'createFile',
  'create_file',
  'replace_string_in_file',
  'insert_edit_into_file',
  'multi_replace_string_in_file',
]);

/**
 * GitHub Copilot CLI hooks (`.github/hooks/*.json`), in both payload forms: camelCase
 * (`postToolUse {toolName, toolArgs, toolResult}`, toolArgs often a JSON string) and the VS Code
 * compatible PascalCase form (`PostToolUse {tool_name, tool_input, session_id}`). No payload
 * carries the model id: `record` reads it from Copilot CLI's session log (copilot-session.ts);
 * VS Code's agent exposes it nowhere a hook can read, so its events say unknown.
 */
export const copilot: AgentAdapter = {
  id: 'copilot',
  label: 'GitHub Copilot CLI / VS Code agent',
  tool: 'copilot',
  via: 'cli-agent',
  facts: {
    model: 'CLI: session log (~/.copilot/session-state, the model last selected); VS Code: no (confirm at the prompt)',
    prompt: 'yes (userPromptSubmitted: a digest in the event; the text sealed in the detail tier)',
    edits: 'yes (edit, create)',
    ranges: 'yes',
    requestIds: 'no (session id only)',
  },
  read(payload) {
    const session = str(payload.sessionId) ?? str(payload.session_id);
    const base: Partial<Reading> = {
      ...(str(payload.model) ? { model: str(payload.model) } : {}),
      ...(session ? { session } : {}),
      ...(str(payload.cwd) ? { cwd: str(payload.cwd) } : {}),
    };
    const event =
      str(payload.hook_event_name) ??
      (payload.toolName !== undefined ? 'postToolUse' : typeof payload.prompt === 'string' ? 'userPromptSubmitted' : '');
    switch (event) {
      case 'postToolUse':
      case 'PostToolUse': {
        const name = str(payload.toolName) ?? str(payload.tool_name) ?? '';
        if (!EDIT_TOOLS.has(name)) return null;
        const input = obj(payload.toolArgs ?? payload.tool_input);
        const edits = Array.isArray(input.files) ? input.files.flatMap((f) => editsFromInput(obj(f))) : editsFromInput(input);
        return { ...base, kind: 'edit', edits };
      }
      case 'userPromptSubmitted':
      case 'UserPromptSubmit':
        return { ...base, kind: 'prompt', ...promptOf(payload) };
      case 'agentStop':
      case 'Stop':
      case 'sessionEnd':
        return { ...base, kind: 'stop' };
      default:
        return null;
    }
  },
};
