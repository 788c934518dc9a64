import type { Predicate, ToolUse } from './model.js';

/** A statement's answers in one line, as verify and show print them; `tool` says how each tool use reads. */
export function describeDeclaration(
  p: Pick<Predicate, 'ai' | 'tools' | 'share'>,
  tool: (use: ToolUse) => string = (use) => `${use.tool} ${use.model}`,
): string {
  if (p.ai === 'none') return 'no AI';
  if (p.ai === 'undeclared') return 'undeclared';
  return `AI: ${p.tools.map(tool).join(', ')}, ~${p.share}%`;
}
