import type { Config, ToolEntry } from '../config/types.js';
import { INTEGRATION_PATHS, type Answers, type IntegrationPath } from '../core/model.js';
import { checkModelId } from '../core/model-id.js';
import type { StagedSensitive } from './types.js';
import type { Choice } from './ui.js';

/** Sentinel for "Other ..." entries: the colon keeps it apart from any registry id or model id. */
export const OTHER = ':other';
export const CUSTOM = ':custom';
export type AiChoice = 'used' | 'none';

/** "AI was used" comes first, so pressing Enter blindly leads to questions, never to a signed "no AI". */
export function aiChoices(): Choice<AiChoice>[] {
  return [
    { value: 'used', name: 'Yes, AI was used', short: 'AI was used' },
    { value: 'none', name: 'No AI was used', short: 'no AI' },
  ];
}

export function toolLabel(tool: ToolEntry): string {
  return `${tool.name} · ${tool.via}${tool.approved ? '' : ' (not approved)'}`;
}

/** Registry tools, then tools only the defaults know (captured events), then "Other tool...". */
export function toolChoices(config: Config, defaults?: Answers): Choice<string>[] {
  const previous = new Set(defaults?.tools.map((use) => use.tool) ?? []);
  const choices: Choice<string>[] = config.tools.map((tool) => ({
    value: tool.id,
    name: toolLabel(tool),
    short: tool.id,
    checked: previous.has(tool.id),
  }));
  const known = new Set(config.tools.map((tool) => tool.id));
  for (const id of previous) {
    if (!known.has(id)) choices.push({ value: id, name: `${id} (not in the tool registry)`, short: id, checked: true });
  }
  choices.push({ value: OTHER, name: 'Other tool…', short: 'other' });
  return choices;
}

/** Known models of a tool, the previous answer first when the registry lacks it; empty: ask for the id directly. */
export function modelChoices(entry: ToolEntry | undefined, previous?: string): Choice<string>[] {
  const models = [...(entry?.models ?? [])];
  if (previous && checkModelId(previous, { registry: models }).ok && !models.includes(previous)) models.unshift(previous);
  if (models.length === 0) return [];
  return [...models.map((model) => ({ value: model, name: model })), { value: OTHER, name: 'Other model id…', short: 'other' }];
}

const VIA_HINTS: Record<IntegrationPath, string> = {
  'ide-plugin': 'completions or chat inside the editor',
  'cli-agent': 'an agent in the terminal that edits files',
  'web-chat': 'a chat in the browser, pasted in',
  'ci-generator': 'a bot or pipeline generated it',
  api: 'own scripts calling a model API',
  other: 'none of these',
};

export function viaChoices(): Choice<IntegrationPath>[] {
  return INTEGRATION_PATHS.map((via) => ({ value: via, name: `${via} (${VIA_HINTS[via]})`, short: via }));
}

export const QUICK_SHARES = [10, 25, 50, 75, 90, 100] as const;

export function shareChoices(): Choice<number | typeof CUSTOM>[] {
  return [...QUICK_SHARES.map((share) => ({ value: share, name: `${share}%` })), { value: CUSTOM, name: 'Custom…', short: 'custom' }];
}

/** The quick choice matching the previous share, "Custom..." when none does, 50% without one. */
export function defaultShareChoice(previous?: number): number | typeof CUSTOM {
  if (previous === undefined) return 50;
  return (QUICK_SHARES as readonly number[]).includes(previous) ? previous : CUSTOM;
}

/**
 * Values are indexes, so one path listed under two categories stays two entries. All files are
 * checked unless the previous answers said human-only: an unchecked box would claim "no AI" for
 * a sensitive file, so that claim takes a keystroke.
 */
export function sensitiveChoices(files: readonly StagedSensitive[], defaults?: Answers): Choice<number>[] {
  return files.map((file, index) => {
    const previous = defaults?.sensitive.find((known) => known.path === file.path);
    return { value: index, name: `${file.path} (${file.category})`, short: file.path, checked: previous ? previous.ai.length > 0 : true };
  });
}

/** Tools that touched the chosen sensitive files: the previous attribution when there is one, else all. */
export function sensitiveToolChoices(toolIds: readonly string[], touchedPaths: readonly string[], defaults?: Answers): Choice<string>[] {
  const previous = new Set(defaults?.sensitive.filter((file) => touchedPaths.includes(file.path)).flatMap((file) => file.ai) ?? []);
  const anyPrevious = toolIds.some((id) => previous.has(id));
  return toolIds.map((id) => ({ value: id, name: id, checked: anyPrevious ? previous.has(id) : true }));
}
