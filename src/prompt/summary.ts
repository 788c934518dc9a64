import type { Answers } from '../core/model.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line a developer can check at a glance, e.g. `claude-code claude-sonnet-4-5-20250929 (cli-agent), ~40% AI, 1 sensitive file`. */
export function describeAnswers(answers: Answers): string {
  const parts: string[] = [];
  if (answers.ai === 'used') {
    parts.push(...answers.tools.map((use) => `${use.tool} ${use.model} (${use.via})`), `~${answers.share}% AI`);
  } else {
    parts.push(answers.ai === 'none' ? 'no AI' : 'undeclared');
  }
  const files = answers.sensitive.length;
  if (files > 0) {
    const touched = answers.sensitive.filter((file) => file.ai.length > 0).length;
    const detail = answers.ai !== 'used' ? '' : touched === files ? ' touched by AI' : ` (${touched} touched by AI)`;
    parts.push(`${plural(files, 'sensitive file')}${detail}`);
  }
  return parts.join(', ');
}

export function summaryLine(answers: Answers): string {
  return `ai-attest: ${describeAnswers(answers)}`;
}
