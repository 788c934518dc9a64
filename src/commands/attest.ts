import { attestCommit, type AttestOptions } from '../answers/attest.js';
import { colours, printJson } from '../ui/output.js';

/** `ai-attest attest REV`: the statement is made by answers/attest.ts; this prints what was signed. */
export async function runAttest(rev: string, options: AttestOptions): Promise<void> {
  const report = await attestCommit(rev, { ...options, cwd: process.cwd(), env: process.env });
  if (options.json) return printJson(report);
  const c = await colours();
  const what =
    report.ai === 'none' ? 'no AI' : report.tools.map((t) => `${t.tool} ${t.model} (${t.via})`).join(', ') + `, ~${report.share}% AI`;
  const share = `signed statement added to ${report.note}; share it with \`git push origin refs/notes/ai-attest\` or \`ai-attest sync\``;
  process.stdout.write(`${c.green('attested')} ${report.commit.slice(0, 12)}: ${what}\n${c.dim(share)}\n`);
}
