import { relative, isAbsolute } from 'node:path';
import { checkModelId } from '../core/model-id.js';
import { INTEGRATION_PATHS, isIntegrationPath } from '../core/model.js';
import { loadConfig } from '../config/load.js';
import { AttestError } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { appendEvent, type AgentEvent } from '../hook/events.js';
import { printJson } from '../ui/output.js';

export interface RecordOptions {
  tool: string;
  model: string;
  via?: string;
  file?: string[];
  session?: string;
  share?: string;
  stdinJson?: boolean;
  json?: boolean;
}

/**
 * Called by a coding agent's own hook (e.g. after each file edit) so the next commit's answers
 * are pre-filled. With --stdin-json it reads the agent's hook payload and takes the edited file
 * (`tool_input.file_path`, `file_path` or `files`) and the session id from it.
 */
export async function recordEvent(options: RecordOptions & { cwd: string; env: NodeJS.ProcessEnv; stdin?: string }): Promise<AgentEvent> {
  const opts = { cwd: options.cwd, env: options.env };
  const paths = await repoPaths(opts);
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(options.tool)) throw new AttestError(`--tool "${options.tool}": tool ids are lower-case letters, digits and dashes.`);
  const check = checkModelId(options.model);
  if (!check.ok) throw new AttestError(`--model: ${check.reason}.`);
  const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
  const via = options.via ?? config.tools.find((t) => t.id === options.tool)?.via ?? 'other';
  if (!isIntegrationPath(via)) throw new AttestError(`--via "${via}" is not one of ${INTEGRATION_PATHS.join(', ')}.`);
  let share: number | undefined;
  if (options.share !== undefined) {
    if (!/^\d{1,3}$/.test(options.share) || Number(options.share) > 100) throw new AttestError(`--share "${options.share}" must be a whole number from 0 to 100.`);
    share = Number(options.share);
  }
  const files = [...(options.file ?? [])];
  let session = options.session;
  if (options.stdinJson) {
    const payload = parsePayload(options.stdin ?? '');
    files.push(...payload.files);
    session ??= payload.session;
  }
  const top = paths.top ?? options.cwd;
  const event: AgentEvent = {
    time: new Date().toISOString(),
    tool: options.tool,
    model: options.model.trim(),
    via,
    files: [...new Set(files.map((f) => (isAbsolute(f) ? relative(top, f) : f)).filter((f) => f && !f.startsWith('..')))],
    ...(session ? { session } : {}),
    ...(share !== undefined ? { share } : {}),
  };
  await appendEvent(paths.gitDir, event);
  return event;
}

function parsePayload(text: string): { files: string[]; session?: string } {
  if (!text.trim()) return { files: [] };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new AttestError(`--stdin-json: standard input is not JSON (${(error as Error).message}).`);
  }
  const input = (value.tool_input ?? {}) as Record<string, unknown>;
  const files = [input.file_path, input.path, value.file_path, ...(Array.isArray(value.files) ? value.files : [])].filter(
    (f): f is string => typeof f === 'string',
  );
  const session = typeof value.session_id === 'string' ? value.session_id : undefined;
  return session ? { files, session } : { files };
}

export async function runRecord(options: RecordOptions): Promise<void> {
  const stdin = options.stdinJson ? await readStdin() : undefined;
  const event = await recordEvent({ ...options, cwd: process.cwd(), env: process.env, ...(stdin !== undefined ? { stdin } : {}) });
  if (options.json) printJson({ schema: 'ai-attest/event@1', ...event });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
