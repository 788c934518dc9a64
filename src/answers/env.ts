import { AttestError } from '../errors.js';
import { checkModelId } from '../core/model-id.js';
import {
  isIntegrationPath,
  INTEGRATION_PATHS,
  type Answers,
  type IntegrationPath,
  type SensitiveFile,
  type ToolUse,
} from '../core/model.js';
import type { Config } from '../config/types.js';
import type { SensitiveMatch } from '../config/sensitive.js';
import { parseShareText, TOOL_ID } from '../core/answer-values.js';

/**
 * Answers given through the environment, for scripts, agents and GUI clients:
 *   AI_ATTEST_TOOLS="claude-code:claude-sonnet-4-5-20250929,copilot:gpt-4.1-2025-04-14" | none
 *   AI_ATTEST_PROPORTION=40
 *   AI_ATTEST_VIA=cli-agent | "claude-code=cli-agent,copilot=ide-plugin" (default: the registry's)
 *   AI_ATTEST_SENSITIVE=path,path | none (which sensitive staged files AI touched; default: all)
 * Returns null when AI_ATTEST_TOOLS is not set.
 */
export function answersFromEnv(env: NodeJS.ProcessEnv, config: Config, sensitive: readonly SensitiveMatch[]): Answers | null {
  const toolsText = env.AI_ATTEST_TOOLS?.trim();
  if (!toolsText) return null;
  if (toolsText.toLowerCase() === 'none') {
    return { ai: 'none', tools: [], share: 0, sensitive: sensitive.map((s) => ({ ...s, ai: [] })), source: 'env' };
  }
  const tools = parseTools(toolsText, parseVia(env.AI_ATTEST_VIA, config), config);
  const share = parseShare(env.AI_ATTEST_PROPORTION);
  const toolIds = tools.map((t) => t.tool);
  return { ai: 'used', tools, share, sensitive: sensitiveFromEnv(env.AI_ATTEST_SENSITIVE, sensitive, toolIds), source: 'env' };
}

function parseTools(text: string, via: (tool: string) => IntegrationPath, config: Config): ToolUse[] {
  const tools: ToolUse[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(':');
    if (colon <= 0) {
      throw new AttestError(
        `AI_ATTEST_TOOLS: "${item}" needs TOOL:MODEL, e.g. claude-code:claude-sonnet-4-5-20250929 (or AI_ATTEST_TOOLS=none).`,
      );
    }
    const tool = item.slice(0, colon);
    const model = item.slice(colon + 1);
    if (!TOOL_ID.test(tool)) {
      throw new AttestError(
        `AI_ATTEST_TOOLS: tool id "${tool}" must be lower-case letters, digits and dashes (known: ` +
          `${config.tools.map((t) => t.id).join(', ')}).`,
      );
    }
    const check = checkModelId(model, { registry: config.tools.find((t) => t.id === tool)?.models ?? [] });
    if (!check.ok) throw new AttestError(`AI_ATTEST_TOOLS: ${check.reason}.`);
    if (tools.some((t) => t.tool === tool && t.model === model)) continue;
    tools.push({ tool, model, via: via(tool) });
  }
  if (tools.length === 0) throw new AttestError('AI_ATTEST_TOOLS is empty: give TOOL:MODEL[,TOOL:MODEL] or none.');
  return tools;
}

function parseVia(text: string | undefined, config: Config): (tool: string) => IntegrationPath {
  const registry = (tool: string): IntegrationPath => config.tools.find((t) => t.id === tool)?.via ?? 'other';
  const value = text?.trim();
  if (!value) return registry;
  const bad = (v: string) =>
    new AttestError(`AI_ATTEST_VIA: "${v}" is not an integration path; use one of ${INTEGRATION_PATHS.join(', ')} (or TOOL=PATH,...).`);
  if (!value.includes('=')) {
    if (!isIntegrationPath(value)) throw bad(value);
    return () => value;
  }
  const perTool = new Map<string, IntegrationPath>();
  for (const pair of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [tool = '', path = ''] = pair.split('=');
    if (!isIntegrationPath(path)) throw bad(path);
    perTool.set(tool, path);
  }
  return (tool) => perTool.get(tool) ?? registry(tool);
}

function parseShare(text: string | undefined): number {
  const value = text?.trim();
  if (!value) {
    throw new AttestError(
      'AI_ATTEST_PROPORTION is not set: give the approximate AI share of this change, 0-100 (e.g. AI_ATTEST_PROPORTION=40).',
    );
  }
  const share = parseShareText(value);
  if (share === null) throw new AttestError(`AI_ATTEST_PROPORTION: "${value}" must be a whole number from 0 to 100.`);
  return share;
}

function sensitiveFromEnv(text: string | undefined, detected: readonly SensitiveMatch[], tools: string[]): SensitiveFile[] {
  const value = text?.trim();
  if (!value) return detected.map((s) => ({ ...s, ai: [...tools] }));
  if (value.toLowerCase() === 'none') return detected.map((s) => ({ ...s, ai: [] }));
  const touched = new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const path of touched) {
    if (!detected.some((s) => s.path === path)) {
      const list = detected.length ? detected.map((s) => s.path).join(', ') : 'none';
      throw new AttestError(`AI_ATTEST_SENSITIVE: "${path}" is not a staged sensitive file (staged sensitive files: ${list}).`);
    }
  }
  return detected.map((s) => ({ ...s, ai: touched.has(s.path) ? [...tools] : [] }));
}
