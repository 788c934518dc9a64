import { extname } from 'node:path';
import { AttestError } from '../errors.js';
import { writeOutput } from '../ui/write-output.js';
import { loadDashboard } from '../store/dashboard/load.js';
import { parsePeriod } from '../store/dashboard/period.js';
import { renderDashboard, type DashboardFormat } from '../store/dashboard/render.js';

export interface DashboardCliOptions {
  store: string;
  period?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

const FORMATS: readonly DashboardFormat[] = ['text', 'markdown', 'json', 'html'];
const BY_EXTENSION: Record<string, DashboardFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.json': 'json',
  '.txt': 'text',
};

export function dashboardFormat(options: Pick<DashboardCliOptions, 'format' | 'json' | 'output'>): DashboardFormat {
  if (options.json) return 'json';
  if (options.format) {
    if (!FORMATS.includes(options.format as DashboardFormat))
      throw new AttestError(`--format "${options.format}" is not one of ${FORMATS.join(', ')}.`);
    return options.format as DashboardFormat;
  }
  return (options.output && BY_EXTENSION[extname(options.output).toLowerCase()]) || 'text';
}

/** `ai-attest dashboard --store PATH`: one query pass over the store, rendered once. */
export async function runDashboard(options: DashboardCliOptions): Promise<void> {
  const format = dashboardFormat(options);
  const period = parsePeriod(options.period);
  const text = renderDashboard(await loadDashboard(options.store, period), format);
  await writeOutput(text, options.output, 'dashboard');
}
