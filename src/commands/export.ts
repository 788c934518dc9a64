import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { exportRange } from '../read/export.js';
import { checkRevisions, countCommits, repoDirs } from '../read/report/inputs.js';
import { progress } from '../ui/output.js';
import { AttestError } from '../errors.js';

export interface ExportCliOptions {
  output?: string;
  lines?: boolean;
  repo?: string[];
  format?: string;
}

function checkFormat(format: string | undefined): 'ndjson' | 'agent-trace' {
  if (format === undefined || format === 'ndjson' || format === 'agent-trace') return format ?? 'ndjson';
  throw new AttestError(`--format "${format}": use ndjson (ai-attest/export@1) or agent-trace (Agent Trace 0.1.0 records).`);
}

/** `ai-attest export RANGE`: NDJSON to stdout or a file, written as the commits are read. */
export async function runExport(range: string[], options: ExportCliOptions): Promise<void> {
  const cwd = process.cwd();
  const revisions = checkRevisions(range);
  const repos = repoDirs(cwd, options.repo);
  const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
  const sink: { error: Error | null } = { error: null };
  out.on('error', (e: Error) => {
    sink.error = e;
  });
  const write = async (line: string) => {
    if (sink.error) throw sink.error;
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    const agentTrace = checkFormat(options.format) === 'agent-trace';
    const bar = process.stderr.isTTY && !agentTrace ? progress('export: commits', await countCommits(repos, revisions, process.env)) : null;
    const count = agentTrace
      ? await (await import('./export-agent-trace.js')).writeAgentTrace({ repos, revisions, env: process.env, write })
      : await exportRange({
          repos,
          revisions,
          lines: options.lines !== false,
          env: process.env,
          write,
          ...(bar ? { onCommit: (n: number) => bar.tick(n) } : {}),
        });
    bar?.end();
    if (options.output) {
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      process.stderr.write(`exported ${count} commit(s) to ${options.output}\n`);
    }
  } catch (error) {
    const e = sink.error ?? error;
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    if (e === sink.error) throw new AttestError(`cannot write ${options.output ?? 'stdout'}: ${(e as Error).message}.`);
    throw e;
  }
}
