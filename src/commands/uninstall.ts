import { relative } from 'node:path';
import { uninstallHooks, type UninstallReport } from '../install/index.js';
import { colours, printJson } from '../ui/output.js';

export async function runUninstall(options: { json?: boolean }): Promise<void> {
  const cwd = process.cwd();
  const report = await uninstallHooks({ cwd, env: process.env });
  if (options.json) {
    printJson({ schema: 'ai-attest/uninstall@1', ...report });
    return;
  }
  process.stdout.write(await describe(report, cwd));
}

async function describe(report: UninstallReport, cwd: string): Promise<string> {
  const c = await colours();
  const show = (path: string) => relative(cwd, path) || '.';
  const width = Math.max(0, ...report.hooks.map((h) => h.hook.length));
  const out: string[] = [c.bold('ai-attest uninstall')];
  for (const h of report.hooks) {
    let text: string;
    if (h.line && h.line.action !== 'not-installed') {
      text = `${c.green(h.line.action === 'deleted' ? 'deleted' : 'line removed from')} ${show(h.line.file)}`;
    } else if (h.action === 'restored') {
      text = `${c.green('removed')}, previous hook restored at ${show(h.path)}`;
    } else if (h.action === 'removed') {
      text = c.green('removed');
    } else if (h.action === 'kept-foreign') {
      text = c.yellow(`${show(h.path)} is not ai-attest's now; ${show(h.path)}.pre-ai-attest left in place`);
    } else {
      text = c.dim('not installed');
    }
    out.push(`  ${h.hook.padEnd(width)}  ${text}`);
  }
  for (const k of report.config) {
    const what =
      k.action === 'kept'
        ? c.dim(`kept ${k.key}=${k.value} (changed since install)`)
        : `${k.action} ${k.key}${k.action === 'restored' ? `=${k.value}` : ''}`;
    out.push(`  git config ${what}`);
  }
  if (!report.recorded) out.push(c.dim('  no install record: git config was left as it is'));
  if (report.caches.length) out.push(`  caches removed: ${report.caches.join(', ')}`);
  if (report.lefthookConfig) {
    out.push(`  ${c.yellow('!')} remove the ai-attest commands from ${show(report.lefthookConfig)} (they do nothing now)`);
  }
  out.push('');
  return out.join('\n');
}
