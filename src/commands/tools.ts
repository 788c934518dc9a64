import { adapterFor } from '../capture/adapters/index.js';
import { addTool, approveTool } from '../config/tool-registry.js';
import { loadConfig } from '../config/load.js';
import type { ToolApproval, ToolEntry } from '../config/types.js';
import { checkModelId } from '../core/model-id.js';
import { AttestError } from '../errors.js';
import { repoPaths, userIdentity } from '../git/repo.js';
import { safeText } from '../ui/safe-text.js';
import { colours, printJson } from '../ui/output.js';

/**
 * `ai-attest tools list|add|approve`. Onboarding a tool is assessing it: approval records who
 * approved it, when, and its trail coverage (a capture adapter records what its agent wrote as
 * it works; without one the trail holds only what developers attest).
 */
export interface ToolView {
  id: string;
  name: string;
  via: string;
  models: string[];
  approved: boolean;
  approval: ToolApproval | null;
  coverage: ToolApproval['coverage'];
}

function view(tool: ToolEntry): ToolView {
  return {
    id: tool.id,
    name: tool.name,
    via: tool.via,
    models: tool.models,
    approved: tool.approved,
    approval: tool.approval ?? null,
    coverage: coverageOf(tool.id),
  };
}

export function coverageOf(toolId: string): ToolApproval['coverage'] {
  return adapterFor(toolId) ? 'capture' : 'attestation-only';
}

async function top(): Promise<string> {
  const paths = await repoPaths({ cwd: process.cwd(), env: process.env });
  if (!paths.top) throw new AttestError('`ai-attest tools` edits .ai-attest/config.json: run it in a work tree of the repository.');
  return paths.top;
}

export async function toolsList(flags: { json?: boolean }): Promise<void> {
  const root = await top();
  const { config } = await loadConfig({ top: root });
  const tools = config.tools.map(view);
  if (flags.json) return printJson({ schema: 'ai-attest/tools@1', tools });
  const c = await colours();
  const lines = tools.map((t) => {
    const state = t.approved
      ? c.green(`approved${t.approval ? ` by ${safeText(t.approval.by)} on ${t.approval.at.slice(0, 10)}` : ''}`)
      : c.yellow('not approved');
    const coverage = t.coverage === 'capture' ? 'capture + attestation' : 'attestation only';
    const models = t.models.length ? t.models.map(safeText).join(', ') : c.dim('no models listed');
    return `${c.bold(safeText(t.id))}  ${safeText(t.name)} · ${t.via} · ${state} · ${coverage}\n  ${models}`;
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function toolsAdd(id: string, flags: { name: string; via: string; model?: string[]; json?: boolean }): Promise<void> {
  const models = flags.model ?? [];
  for (const model of models) {
    const check = checkModelId(model);
    if (!check.ok) throw new AttestError(`--model: ${check.reason}.`);
  }
  const tool = await addTool(await top(), { id, name: flags.name, via: flags.via, models });
  if (flags.json) return printJson({ schema: 'ai-attest/tools@1', tools: [view(tool)] });
  const coverage =
    coverageOf(id) === 'capture' ? 'a capture adapter records its work' : 'no capture adapter: the trail holds only what developers attest';
  process.stdout.write(
    `added ${id} (not approved; ${coverage}).\nAfter assessing it, approve it with \`ai-attest ` +
      `tools approve ${id}\`, then commit .ai-attest/config.json.\n`,
  );
}

export async function toolsApprove(id: string, flags: { json?: boolean }): Promise<void> {
  const opts = { cwd: process.cwd(), env: process.env };
  const { name, email } = await userIdentity(opts);
  if (!email)
    throw new AttestError(
      'git has no user.email: set it (git config --global user.email you@example.com) so the approval names who approved.',
    );
  const approval: ToolApproval = {
    by: name ? `${name} <${email}>` : email,
    at: `${new Date().toISOString().slice(0, 19)}Z`,
    coverage: coverageOf(id),
  };
  const tool = await approveTool(await top(), id, approval);
  if (flags.json) return printJson({ schema: 'ai-attest/tools@1', tools: [view(tool)] });
  process.stdout.write(
    `approved ${id} (${approval.coverage}), recorded as approved by ${approval.by} at ` +
      `${approval.at}.\nCommit .ai-attest/config.json: verify trusts the registry as committed.\n`,
  );
}
