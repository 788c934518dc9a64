import { resolveLayout } from '../install/layout.js';
import { hookStatus } from '../install/status.js';
import { shellQuote, type DoctorCheck } from './doctor-types.js';

/** Hooks missing, bypassed (a core.hooksPath set by another tool or an agent) or not chained. */
export async function checkHooks(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DoctorCheck[]> {
  const [layout, hooks] = await Promise.all([resolveLayout(options), hookStatus(options)]);
  const checks: DoctorCheck[] = [];
  // Once ai-attest is installed there (--hooks-path-ok), the folder is a choice, not a problem.
  if (layout.manager === 'other' && layout.hooksPath && !hooks.every((h) => h.state === 'installed')) {
    const { value, scope } = layout.hooksPath;
    const flag = scope === 'local' ? '' : ` --${scope}`;
    checks.push({
      id: 'hooks.path',
      status: 'problem',
      message:
        `core.hooksPath=${value} (${scope} config) sends git to ${layout.hooksDir}, a hooks folder ` +
        `ai-attest did not set up (another tool or an agent may have set it): git skips .git/hooks`,
      fix: `git config${flag} --unset core.hooksPath && ai-attest install   (or keep it: ai-attest install --hooks-path-ok)`,
    });
  }
  for (const h of hooks) {
    if (h.state === 'installed') continue;
    let fix = 'ai-attest install';
    if (h.state === 'bypassed' && /environment/.test(h.detail))
      fix = 'unset GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT   (or drop the -c core.hooksPath=... from the command that runs git)';
    else if (/npx husky/.test(h.detail)) fix = 'npx husky';
    else if (/not set up in this clone/.test(h.detail)) fix = 'npx ai-attest init';
    else if (layout.manager === 'lefthook' && h.state === 'foreign-not-chained')
      fix = `ai-attest install   (then add the snippet it prints to ${shellQuote(layout.lefthookConfig ?? 'lefthook.yml')})`;
    checks.push({ id: `hooks.${h.hook}`, status: 'problem', message: `${h.hook}: ${h.state} (${h.detail})`, fix });
  }
  if (checks.length === 0) {
    const chained = hooks.filter((h) => h.chained).map((h) => h.hook);
    const manager =
      layout.manager === 'none'
        ? 'git hooks folder'
        : layout.manager === 'other'
          ? `core.hooksPath ${layout.hooksPath?.value ?? ''}`
          : layout.manager;
    const chain = chained.length ? `; chained: ${chained.join(', ')}` : '';
    checks.push({ id: 'hooks', status: 'ok', message: `all ${hooks.length} hooks run ai-attest (${manager})${chain}` });
  }
  return checks;
}
