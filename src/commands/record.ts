import { readFileSync } from 'node:fs';
import { isIntegrationPath, INTEGRATION_PATHS } from '../core/model.js';
import { checkModelId } from '../core/model-id.js';
import { loadConfig } from '../config/load.js';
import { AttestError, ExitCode } from '../errors.js';
import { adapterFor } from '../capture/adapters/index.js';
import type { CaptureEvent } from '../capture/event.js';
import { recordPayload, type RecordOutcome } from '../capture/record.js';
import { locateRepo } from '../capture/repo.js';
import { startDetailHandover, startPayloadSeal } from '../capture/handover-start.js';
import { parseShareText, TOOL_ID } from '../core/answer-values.js';

/**
 * `ai-attest record`, run by coding agents' hooks after each edit, prompt and stop. It runs in
 * the lean hook bundle (no argument-parsing library): agents wait for their hooks.
 *
 *   record --agent ID            the agent's hook payload on stdin (installed by `ai-attest agents install`)
 *   record --event - | FILE      the generic event (schema: `ai-attest schema event`)
 *   record --tool ID --model ID [--via P] [--file F...] [--session S] [--share N] [--stdin-json]
 *                                the flags of earlier versions, recorded as generic events
 *   --json                       print what was recorded
 */
export async function recordMain(
  args: readonly string[],
  ctx: { cwd: string; env: NodeJS.ProcessEnv; stdin: () => Promise<string> },
): Promise<{ code: number; stdout: string }> {
  const opts = parseArgs(args);
  const agentMode = opts.agent !== undefined;
  try {
    let outcome: RecordOutcome;
    if (opts.agent !== undefined) {
      outcome = recordPayload({ agent: opts.agent, payload: await ctx.stdin(), cwd: ctx.cwd, env: ctx.env });
      await handOver(opts.agent, outcome, ctx);
    } else if (opts.event !== undefined) {
      const text = opts.event === '-' ? await ctx.stdin() : readFileSync(opts.event, 'utf8');
      outcome = recordPayload({ agent: 'generic', payload: await withDefaultVia(text, ctx), cwd: ctx.cwd, env: ctx.env });
      await handOver('generic', outcome, ctx);
    } else {
      outcome = await recordFlags(opts, ctx);
    }
    return {
      code: ExitCode.Ok,
      stdout: opts.json
        ? `${JSON.stringify(outcome.events.length === 1 ? outcome.events[0] : outcome.events, null, 2)}\n`
        : agentReply(opts.agent),
    };
  } catch (error) {
    // Claude Code and Gemini CLI read exit status 2 as "block and tell the model": a recording
    // problem must never steer the agent, so agents get 1 (a warning) and the message.
    if (agentMode && error instanceof AttestError) throw new AttestError(error.message, ExitCode.PolicyFailure);
    throw error;
  }
}

/**
 * At Claude Code's Stop the turn's prompts and raw output go to the detail tier, read from the
 * transcript by a detached process (src/commands/seal-detail.ts). The other agents' hooks carry
 * the prompt or the text written in the payload itself: it goes to the same detached process
 * through a pipe, one part per payload. Nothing starts without committed recipients.
 */
async function handOver(agent: string, outcome: RecordOutcome, ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  if (outcome.detail) {
    await startPayloadSeal(outcome.detail, ctx);
    return;
  }
  if (agent !== 'claude-code') return;
  const stop = outcome.events.find((e) => e.kind === 'stop' && e.ref?.transcript);
  if (stop?.ref?.transcript) startDetailHandover(stop.ref.transcript, stop.session, ctx);
}

/** Cursor's beforeSubmitPrompt waits for a verdict on stdout; the others want silence. */
function agentReply(agent: string | undefined): string {
  return agent === 'cursor' ? '{"continue":true}\n' : '';
}

interface RecordArgs {
  agent?: string;
  event?: string;
  tool?: string;
  model?: string;
  via?: string;
  files: string[];
  session?: string;
  share?: string;
  stdinJson: boolean;
  json: boolean;
}

function parseArgs(args: readonly string[]): RecordArgs {
  const out: RecordArgs = { files: [], stdinJson: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new AttestError(`record: ${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--agent':
        out.agent = value();
        break;
      case '--event':
        out.event = value();
        break;
      case '--tool':
        out.tool = value();
        break;
      case '--model':
        out.model = value();
        break;
      case '--via':
        out.via = value();
        break;
      case '--session':
        out.session = value();
        break;
      case '--share':
        out.share = value();
        break;
      case '--stdin-json':
        out.stdinJson = true;
        break;
      case '--json':
        out.json = true;
        break;
      case '--file':
        // Several paths may follow one --file, as in earlier versions.
        out.files.push(value());
        while (i + 1 < args.length && !args[i + 1]!.startsWith('--')) out.files.push(args[++i]!);
        break;
      default:
        throw new AttestError(`record: unknown option "${arg}" (see \`ai-attest record --help\`).`);
    }
  }
  if (out.agent === undefined && out.event === undefined && (out.tool === undefined || out.model === undefined)) {
    throw new AttestError('record: give --agent ID (agent hooks), --event - (a generic JSON event), or --tool and --model.');
  }
  return out;
}

/** A generic event without `via` takes the registry's path for its tool. */
async function withDefaultVia(text: string, ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // recordPayload reports it
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return text;
  const event = value as Record<string, unknown>;
  if (event.via !== undefined || typeof event.tool !== 'string') return text;
  const via = await registryVia(event.tool, ctx);
  return JSON.stringify({ ...event, via });
}

async function registryVia(tool: string, ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const repo = locateRepo(ctx.cwd, ctx.env);
  const { config } = await loadConfig({ top: repo?.top ?? null, ...(repo ? { commonDir: repo.commonDir } : {}) });
  return config.tools.find((t) => t.id === tool)?.via ?? adapterFor(tool)?.via ?? 'other';
}

async function recordFlags(
  opts: RecordArgs,
  ctx: { cwd: string; env: NodeJS.ProcessEnv; stdin: () => Promise<string> },
): Promise<RecordOutcome> {
  const tool = opts.tool!;
  if (!TOOL_ID.test(tool)) throw new AttestError(`--tool "${tool}": tool ids are lower-case letters, digits and dashes.`);
  const check = checkModelId(opts.model!);
  if (!check.ok) throw new AttestError(`--model: ${check.reason}.`);
  const via = opts.via ?? (await registryVia(tool, ctx));
  if (!isIntegrationPath(via)) throw new AttestError(`--via "${via}" is not one of ${INTEGRATION_PATHS.join(', ')}.`);
  if (opts.share !== undefined && parseShareText(opts.share) === null) {
    throw new AttestError(`--share "${opts.share}" must be a whole number from 0 to 100.`);
  }
  const files = [...opts.files];
  let session = opts.session;
  if (opts.stdinJson) {
    const payload = parsePayload(await ctx.stdin());
    files.push(...payload.files);
    session ??= payload.session;
  }
  const base = {
    tool,
    model: opts.model!.trim(),
    via,
    ...(session ? { session } : {}),
    ...(opts.share !== undefined ? { share: Number(opts.share) } : {}),
  };
  const events: CaptureEvent[] = [];
  // Without files the event still says an agent worked on the next commit.
  for (const file of files.length ? files : [undefined]) {
    const generic = file ? { ...base, file } : base;
    events.push(...recordPayload({ agent: 'generic', payload: JSON.stringify(generic), cwd: ctx.cwd, env: ctx.env }).events);
  }
  return { events };
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
