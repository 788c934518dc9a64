import { renderTrace } from '../read/trace/render.js';
import type { TraceReads } from '../read/trace/reads.js';
import { traceLines } from '../read/trace/trace.js';
import { traceRequest, type TraceCommandOptions } from './trace-start.js';
import { colours, printJson } from '../ui/output.js';
import { safeDeep } from '../ui/safe-text.js';

export type { TraceCommandOptions };

/** `reads`: trace's git reads when the lean start began them already (startTrace). */
export async function runTrace(file: string, options: TraceCommandOptions, reads?: TraceReads): Promise<void> {
  const result = await traceLines(
    traceRequest(file, options),
    { cwd: process.cwd(), env: process.env, patch: options.patch ?? false, cache: options.cache ?? true },
    reads,
  );
  if (options.detail) {
    const { openTracedDetails } = await import('./trace-detail.js');
    const details = await openTracedDetails(result, options);
    if (options.json) return printJson({ ...result, detail: details });
    const { renderDetail } = await import('./detail-render.js');
    const c = await colours();
    const blocks = details.map((d) => ('refused' in d ? `detail record of ${d.commit}: ${safeDeep(d.refused)}\n` : renderDetail(d, c)));
    process.stdout.write(`${renderTrace(safeDeep(result), c)}\n${blocks.join('\n') || 'no detail records bound to the traced commits\n'}`);
    return;
  }
  if (options.json) return printJson(result);
  process.stdout.write(renderTrace(safeDeep(result), await colours()));
}
