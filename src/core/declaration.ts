import type { Predicate } from './model.js';

/** A statement's answers in one line, as verify and show print them. */
export function describeDeclaration(p: Pick<Predicate, 'ai' | 'tools' | 'share'>): string {
  if (p.ai === 'none') return 'no AI';
  if (p.ai === 'undeclared') return 'undeclared';
  return `AI: ${p.tools.map((t) => `${t.tool} ${t.model}`).join(', ')}, ~${p.share}%`;
}
