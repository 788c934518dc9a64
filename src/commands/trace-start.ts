import { startTraceReads, type TraceReads } from '../read/trace/reads.js';
import type { TraceRequest } from '../read/trace/model.js';

export interface TraceCommandOptions {
  lines: string[];
  rev: string;
  follow?: boolean;
  patch?: boolean;
  /** false with --no-history. */
  history?: boolean;
  json?: boolean;
  cache?: boolean;
  detail?: boolean;
  reason?: string;
  key?: string;
}

export function traceRequest(file: string, options: TraceCommandOptions): TraceRequest {
  return { file, specs: options.lines, rev: options.rev, follow: options.follow ?? false, linesOnly: options.history === false };
}

/**
 * trace's git reads, started before the rest of its code loads (the lean start): blame and
 * log -L run while Node loads the output code.
 */
export function startTrace(file: string, options: TraceCommandOptions): TraceReads {
  return startTraceReads(traceRequest(file, options), {
    cwd: process.cwd(),
    env: process.env,
    patch: options.patch ?? false,
    cache: options.cache ?? true,
  });
}
