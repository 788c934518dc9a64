import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SensitiveSurvey } from '../config/sensitive.js';
import type { InstallReport } from '../install/install.js';
import { setUpRepository, type InitOptions } from '../install/setup.js';
import { colours, printJson } from '../ui/output.js';
import { safeText } from '../ui/safe-text.js';

export function packageDir(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

export async function runInit(options: InitOptions): Promise<void> {
  const report = await setUpRepository({ ...options, cwd: process.cwd(), env: process.env, packageDir: packageDir() });
  if (options.json) {
    printJson(report);
    return;
  }
  const c = await colours();
  const mark = (created: boolean) => (created ? c.green('created') : c.dim('kept'));
  process.stdout.write(
    [
      `${c.bold('ai-attest init')}`,
      `  config   ${report.config.path} (${mark(report.config.created)})`,
      `  key      ${report.key.userId} ${c.dim(report.key.fingerprint)} (${mark(report.key.created)})`,
      `  keyring  ${report.keyring.path} (${report.keyring.exported ? c.green('exported') : c.dim('kept')})`,
      ...(report.adoption
        ? [
            `  adopted  after ${report.adoption.head.slice(0, 12)}: its ` +
              `${plural(report.adoption.commits, 'commit')} count as before adoption ` +
              `(policy.exempt.before)`,
          ]
        : []),
      ...sensitiveLines(report.sensitive),
      `  hooks    ${hooksLine(report.hooks)}`,
      ...report.hooks.warnings.map((w) => `  ${c.yellow('!')} ${w}`),
      '',
      `Next: commit ${c.cyan('.ai-attest/')} so verify trusts your key, e.g. ` +
        `${c.cyan('git add .ai-attest && git commit -m "Add ai-attest"')}`,
      '',
    ].join('\n'),
  );
}

/** Says where the hooks went, and plainly when a hook manager still needs a step. */
function hooksLine(hooks: InstallReport): string {
  const show = (path: string | null | undefined) => (path ? basename(path) : 'lefthook.yml');
  if (hooks.mode === 'husky') return 'installed (one line in each .husky script: commit them)';
  if (hooks.mode === 'lefthook') {
    if (hooks.hooks.every((h) => h.configured)) return `installed (commands in ${show(hooks.lefthookConfig)}: commit it)`;
    return `NOT active yet: add this to ${show(hooks.lefthookConfig)}, then run \`lefthook install\`:\n${hooks.lefthookSnippet ?? ''}`;
  }
  return 'installed';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Which tracked files the sensitive categories match: a team sees what the defaults catch. */
function sensitiveLines(survey: SensitiveSurvey): string[] {
  const hits = survey.categories.filter((c) => c.files > 0);
  const total = hits.reduce((n, c) => n + c.files, 0);
  if (total === 0) return [`  sensitive  no tracked files match the sensitive categories (.ai-attest/config.json "sensitive")`];
  return [
    `  sensitive  ${plural(total, 'tracked file')} of ${survey.files} match; adjust "sensitive" ` +
      `in .ai-attest/config.json if these are wrong (docs/sensitive-paths.md):`,
    ...hits.map(
      (c) => `    ${c.category}: ${c.files} (${c.examples.map(safeText).join(', ')}${c.files > c.examples.length ? ', ...' : ''})`,
    ),
  ];
}
