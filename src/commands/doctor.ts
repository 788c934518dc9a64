import { ExitCode } from '../errors.js';
import { runDoctorChecks, type DoctorReport } from '../health/doctor.js';
import { colours, printJson } from '../ui/output.js';
import { safeDeep } from '../ui/safe-text.js';

export async function runDoctor(options: { json?: boolean; offline?: boolean }): Promise<void> {
  const report = await runDoctorChecks({ cwd: process.cwd(), env: process.env, offline: options.offline ?? false });
  if (!report.ok) process.exitCode = ExitCode.PolicyFailure;
  if (options.json) return printJson(report);
  process.stdout.write(await render(safeDeep(report)));
}

async function render(r: DoctorReport): Promise<string> {
  const c = await colours();
  const mark = { ok: c.green('ok     '), problem: c.red('PROBLEM'), warn: c.yellow('warn   '), skipped: c.dim('skipped') };
  const lines = r.checks.map(
    (check) => `${mark[check.status]} ${check.message}${check.fix && check.status !== 'ok' ? `\n        fix: ${check.fix}` : ''}`,
  );
  const verdict = r.ok
    ? c.green(`no problems${r.warnings ? ` (${r.warnings} warning${r.warnings > 1 ? 's' : ''})` : ''}`)
    : c.red(`${r.problems} problem${r.problems > 1 ? 's' : ''}${r.warnings ? `, ${r.warnings} warning${r.warnings > 1 ? 's' : ''}` : ''}`);
  return `${lines.join('\n')}\n${verdict}\n`;
}
