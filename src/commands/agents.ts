import { relative } from 'node:path';
import { adapterFor } from '../capture/adapters/index.js';
import { aiAttestHome } from '../crypto/home.js';
import { AttestError } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { join } from 'node:path';
import { agentStatus, installAgent, selectTargets, uninstallAgent, type AgentChange } from '../agents/install.js';
import type { Scope } from '../agents/targets.js';
import { printJson } from '../ui/output.js';

export interface AgentsOptions {
  scope?: string;
  command?: string;
  json?: boolean;
}

async function context(options: AgentsOptions) {
  const cwd = process.cwd();
  const paths = await repoPaths({ cwd, env: process.env });
  const scope = (options.scope ?? 'project') as Scope;
  if (scope !== 'project' && scope !== 'user') throw new AttestError(`--scope "${options.scope}" must be project or user.`);
  if (!paths.top) throw new AttestError('agents: run this inside a work tree (not a bare repository).');
  const stateDir = scope === 'project' ? join(paths.commonDir, 'ai-attest') : aiAttestHome(process.env);
  return { cwd, scope, ctx: { top: paths.top, env: process.env, stateDir, ...(options.command ? { command: options.command } : {}) } };
}

export async function runAgentsInstall(agent: string | undefined, options: AgentsOptions): Promise<void> {
  const { cwd, scope, ctx } = await context(options);
  const targets = selectTargets(agent).filter((t) => agent || t.file(scope, ctx) !== null);
  print(
    targets.map((t) => installAgent(t, scope, ctx)),
    cwd,
    options,
  );
}

export async function runAgentsUninstall(agent: string | undefined, options: AgentsOptions): Promise<void> {
  const { cwd, scope, ctx } = await context(options);
  const targets = selectTargets(agent).filter((t) => agent || t.file(scope, ctx) !== null);
  print(
    targets.map((t) => uninstallAgent(t, scope, ctx)),
    cwd,
    options,
  );
}

const WORDS: Record<AgentChange['action'], string> = {
  installed: 'hooks added',
  already: 'already wired',
  restored: 'restored as it was before install',
  removed: "ai-attest's entries removed (the file had changed since install; everything else kept)",
  absent: 'nothing of ai-attest there',
};

function print(changes: AgentChange[], cwd: string, options: AgentsOptions): void {
  if (options.json) {
    printJson({ schema: 'ai-attest/agents-change@1', changes });
    return;
  }
  for (const c of changes) process.stdout.write(`${c.agent.padEnd(12)} ${c.scope.padEnd(8)} ${show(c.file, cwd)}: ${WORDS[c.action]}\n`);
}

function show(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

export async function runAgentsList(options: { json?: boolean }): Promise<void> {
  const cwd = process.cwd();
  const paths = await repoPaths({ cwd, env: process.env });
  const top = paths.top ?? cwd;
  const rows = selectTargets(undefined).map((t) => {
    const status = agentStatus(t, { top, env: process.env });
    const adapter = adapterFor(t.id)!;
    return { ...status, label: adapter.label, tool: adapter.tool, facts: adapter.facts };
  });
  if (options.json) {
    printJson({ schema: 'ai-attest/agents@1', agents: rows });
    return;
  }
  const wired = (s: { wired: boolean } | null) => (s === null ? 'n/a' : s.wired ? 'wired' : 'no');
  for (const r of rows) {
    process.stdout.write(`${r.label} (${r.agent}): this repository ${wired(r.project)}, this user ${wired(r.user)}\n`);
    for (const [fact, how] of Object.entries(r.facts)) process.stdout.write(`  ${fact.padEnd(11)} ${how}\n`);
  }
  process.stdout.write(
    '\nPrompts and the text written are kept in the capture events only as digests; the text itself only ' +
      'redacted and sealed in the detail tier, where the repository has compliance recipients.\n' +
      '\nWire one with `ai-attest agents install AGENT [--scope project|user]`; any other tool: ' +
      '`ai-attest record --event -` (docs/capture.md).\n',
  );
}
