import { renderTrace } from '../read/trace/render.js';
import { traceLines } from '../read/trace/trace.js';
import { colours, printJson } from '../ui/output.js';
import { safeDeep } from '../ui/safe-text.js';

export interface TraceCommandOptions {
  lines: string[];
  rev: string;
  follow?: boolean;
  patch?: boolean;
  json?: boolean;
  cache?: boolean;
}

export async function runTrace(file: string, options: TraceCommandOptions): Promise<void> {
  const result = await traceLines(
    { file, specs: options.lines, rev: options.rev, follow: options.follow ?? false },
    { cwd: process.cwd(), env: process.env, patch: options.patch ?? false, cache: options.cache ?? true },
  );
  if (options.json) return printJson(result);
  process.stdout.write(renderTrace(safeDeep(result), await colours()));
}
