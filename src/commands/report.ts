import { buildReport } from '../read/report/build.js';
import { keepHeapNearLiveSize } from '../read/report/heap.js';
import { baselineCodeUntilLongRun } from '../read/compiler.js';
import { renderReport } from '../read/report/format/index.js';
import { checkRevisions, countCommits, defaultReportRange, parseBy, parseFormat, repoDirs } from '../read/report/inputs.js';
import { colours, progress } from '../ui/output.js';
import { writeOutput } from '../ui/write-output.js';

export interface ReportCliOptions {
  format?: string;
  json?: boolean;
  output?: string;
  by?: string;
  repo?: string[];
}

/** `ai-attest report RANGE`: builds the report once, renders it in the format asked for. */
export async function runReport(range: string[], options: ReportCliOptions): Promise<void> {
  keepHeapNearLiveSize();
  const compilerAt = baselineCodeUntilLongRun();
  const cwd = process.cwd();
  const env = process.env;
  const format = parseFormat(options.format, options.json);
  const by = parseBy(options.by);
  const repos = repoDirs(cwd, options.repo);
  const revisions = range.length ? checkRevisions(range) : await defaultReportRange(repos[0] ?? cwd, env);
  const bar = process.stderr.isTTY ? progress('report: commits', await countCommits(repos, revisions, env)) : null;
  const onCommit = (n: number) => {
    bar?.tick(n);
    compilerAt(n);
  };
  const report = await buildReport({ repos, revisions, env, onCommit });
  bar?.end();
  const chalk = options.output ? new (await import('chalk')).Chalk({ level: 0 }) : await colours();
  const text = renderReport(report, format, by, chalk);
  await writeOutput(text, options.output, 'report');
}
