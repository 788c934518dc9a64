import type { AnswerSource, Answers, SensitiveFile, ToolUse } from '../core/model.js';
import { isIntegrationPath } from '../core/model.js';
import { checkModelId } from '../core/model-id.js';
import type { PromptInput, StagedSensitive } from './types.js';

/** "No AI" still lists the sensitive files: the report tells "human-only" from "not asked". */
export function noAiAnswers(files: readonly StagedSensitive[]): Answers {
  return { ai: 'none', tools: [], share: 0, sensitive: humanOnly(files), source: 'prompt' };
}

export function humanOnly(files: readonly StagedSensitive[]): SensitiveFile[] {
  return files.map((file) => ({ path: file.path, category: file.category, ai: [] }));
}

/** Every listed file is recorded; the ones AI did not touch with `ai: []`. */
export function sensitiveAnswers(
  files: readonly StagedSensitive[],
  touched: ReadonlySet<number>,
  touchedBy: readonly string[],
): SensitiveFile[] {
  return files.map((file, index) => ({ path: file.path, category: file.category, ai: touched.has(index) ? [...touchedBy] : [] }));
}

/** Tool ids in first-use order, once each (one tool may be declared with two models). */
export function toolIds(tools: readonly ToolUse[]): string[] {
  return [...new Set(tools.map((use) => use.tool))];
}

/**
 * Defaults are offered as a one-keystroke reuse only when they would pass commit-msg as they are:
 * an undeclared record or a bare family name (captured events may say `claude`) must be asked again.
 */
export function canReuse(defaults: Answers): boolean {
  if (defaults.ai === 'none') return true;
  if (defaults.ai !== 'used' || defaults.tools.length === 0) return false;
  return defaults.tools.every((use) => checkModelId(use.model).ok && isIntegrationPath(use.via));
}

export function reuseSource(kind: PromptInput['kind']): AnswerSource {
  return kind === 'amend' ? 'amend' : kind === 'retry' ? 'prompt' : 'events';
}

/**
 * The previous answers applied to the files staged now: a file they already covered keeps its
 * attribution. Files they never saw come back in `uncovered`: with AI used, they must be asked.
 */
export function reuseAnswers(
  defaults: Answers,
  files: readonly StagedSensitive[],
  source: AnswerSource,
): { answers: Answers; uncovered: StagedSensitive[] } {
  const uncovered: StagedSensitive[] = [];
  const sensitive = files.map((file) => {
    const previous = defaults.sensitive.find((known) => known.path === file.path);
    if (!previous) uncovered.push(file);
    return { path: file.path, category: file.category, ai: defaults.ai === 'used' && previous ? [...previous.ai] : [] };
  });
  const answers: Answers = {
    ai: defaults.ai,
    tools: defaults.ai === 'used' ? defaults.tools.map((use) => ({ ...use })) : [],
    share: defaults.ai === 'used' ? defaults.share : 0,
    sensitive,
    source,
  };
  if (defaults.extensions) answers.extensions = defaults.extensions;
  return { answers, uncovered: defaults.ai === 'used' ? uncovered : [] };
}
