import { editsFromInput, obj, promptOf, str, type AgentAdapter, type Reading } from './types.js';

const EDIT_TOOLS = new Set(['write_file', 'replace', 'edit', 'smart_edit']);

/**
 * Gemini CLI hooks (`.gemini/settings.json`): AfterTool for `write_file`/`replace`, BeforeAgent
 * for the prompt. The model is read from the session log (`transcript_path`, its `"model"`
 * fields), not from BeforeModel, which runs before every model call and would slow each one.
 */
export const gemini: AgentAdapter = {
  id: 'gemini',
  label: 'Gemini CLI',
  tool: 'gemini-cli',
  via: 'cli-agent',
  facts: {
    model: 'yes (session log "model", read at record and at commit)',
    prompt: 'yes (BeforeAgent: a digest in the event; the text sealed in the detail tier)',
    edits: 'yes (write_file, replace)',
    ranges: 'yes',
    requestIds: 'no (session id only)',
  },
  read(payload) {
    const request = obj(payload.llm_request);
    const model = str(request.model) ?? str(payload.model);
    const base: Partial<Reading> = {
      ...(model ? { model } : {}),
      ...(str(payload.session_id) ? { session: str(payload.session_id) } : {}),
      ...(str(payload.cwd) ? { cwd: str(payload.cwd) } : {}),
      ...(str(payload.transcript_path) ? { ref: { transcript: str(payload.transcript_path)! } } : {}),
      ...(!model && str(payload.transcript_path)
        ? { pending: { from: 'json-transcript' as const, transcript: str(payload.transcript_path)! } }
        : {}),
    };
    switch (str(payload.hook_event_name)) {
      case 'AfterTool':
        if (!EDIT_TOOLS.has(str(payload.tool_name) ?? '')) return null;
        return { ...base, kind: 'edit', edits: editsFromInput(obj(payload.tool_input)) };
      case 'BeforeAgent':
        return { ...base, kind: 'prompt', ...promptOf(payload) };
      case 'BeforeModel':
        return model ? { ...base, kind: 'session' } : null;
      case 'AfterAgent':
      case 'SessionEnd':
        return { ...base, kind: 'stop' };
      default:
        return null;
    }
  },
};
