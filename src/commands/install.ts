import { relative } from 'node:path';
import { findPackageDir, installHooks, type InstallReport } from '../install/index.js';
import { colours, printJson } from '../ui/output.js';

export async function runInstall(options: { json?: boolean; hooksPathOk?: boolean }): Promise<void> {
  const cwd = process.cwd();
  const report = await installHooks({
    cwd,
    env: process.env,
    packageDir: findPackageDir(import.meta.url),
    hooksPathOk: Boolean(options.hooksPathOk),
  });
  if (options.json) {
    printJson({ schema: 'ai-attest/install@1', ...report });
    return;
  }
  process.stdout.write(await describe(report, cwd));
}

async function describe(report: InstallReport, cwd: string): Promise<string> {
  const c = await colours();
  const show = (path: string) => relative(cwd, path) || '.';
  const width = Math.max(...report.hooks.map((h) => h.hook.length));
  const out: string[] = [];
  const where =
    report.mode === 'husky'
      ? `husky (${show(report.hooksDir)}): one line added to each .husky script`
      : report.mode === 'lefthook'
        ? 'lefthook: stubs in the git dir, called from the lefthook config'
        : show(report.hooksDir);
  out.push(`${c.bold('ai-attest hooks')} ${c.dim(`→ ${where}`)}`);
  for (const h of report.hooks) {
    const parts: string[] = [];
    const verb = h.action === 'chained' ? 'installed' : h.action;
    parts.push(h.action === 'unchanged' ? c.dim(verb) : c.green(verb));
    if (h.chained) parts.push(`runs ${show(h.chained)} first`);
    if (h.line) parts.push(`${h.line.action === 'unchanged' ? 'called from' : `line ${h.line.action} in`} ${show(h.line.file)}`);
    if (h.configured === false) parts.push(c.yellow('not called by lefthook yet (see below)'));
    const mark = h.configured === false ? c.yellow('!') : c.green('✓');
    out.push(`  ${mark} ${h.hook.padEnd(width)}  ${parts.join(', ')}`);
  }
  // So that amend and rebase carry the notes.
  const pairs = report.config.map((k) => [`${k.key}=${k.value}`, k.action === 'set' ? c.green('set') : c.dim('already set')] as const);
  const pairWidth = Math.max(...pairs.map(([pair]) => pair.length));
  pairs.forEach(([pair, state], i) => {
    const label = i === 0 ? `${c.green('✓')} ${'git config'.padEnd(width)}` : ' '.repeat(width + 2);
    out.push(`  ${label}  ${pair.padEnd(pairWidth)}  ${state}`);
  });
  for (const warning of report.warnings) out.push(`  ${c.yellow('!')} ${warning}`);
  if (report.lefthookSnippet && report.hooks.some((h) => h.configured === false)) {
    out.push(
      '',
      `lefthook manages this repository's hooks, so ai-attest leaves them alone. Add this to ` +
        `${report.lefthookConfig ? show(report.lefthookConfig) : 'lefthook.yml'}`,
      '(merge it under hooks you already have), then run `lefthook install`:',
      '',
      report.lefthookSnippet.trimEnd(),
    );
  }
  if (report.mode === 'husky' && report.hooks.some((h) => h.line && h.line.action !== 'unchanged')) {
    out.push('', `Commit the .husky changes: the lines do nothing in clones where ai-attest is not installed.`);
  }
  out.push('', `Skip once with ${c.cyan('AI_ATTEST=0 git commit ...')}; undo with ${c.cyan('ai-attest uninstall')}.`, '');
  return out.join('\n');
}
