import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { sensitiveMatcher } from '../../config/sensitive.js';
import { repoPaths } from '../../git/repo.js';
import { AttestError } from '../../errors.js';
import { ReportAccumulator } from './accumulate.js';
import { GitAiCounter } from './git-ai-counter.js';
import { makeJudge } from './judge.js';
import { reportItems } from './source.js';
import { startedNow } from '../evaluate/decode-ahead.js';
import { VerifyCache } from '../verify/cache.js';
import { chooseGranularity } from './timeline.js';
import { REPORT_SCHEMA, type Report } from './types.js';

export interface BuildReportOptions {
  /** Repository folders (any folder inside a work tree, or a bare repository). */
  repos: string[];
  revisions: string[];
  env?: NodeJS.ProcessEnv;
  /** Called after each commit with the running count over all repositories. */
  onCommit?: (count: number) => void;
  now?: Date;
}

/** Reads each repository's range once (two concurrent git reads), counts, and merges the totals. */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const env = options.env ?? process.env;
  const accumulators: Array<{ name: string; acc: ReportAccumulator; gitAi: GitAiCounter }> = [];
  let count = 0;
  for (const dir of options.repos) {
    const paths = await repoPaths({ cwd: dir, env });
    const { config } = await loadConfig({ top: paths.top, commonDir: paths.commonDir });
    // The judge (trust, keys, verify's cache) loads while git already reads the range: the first
    // item is asked for at once (startedNow), which starts both reads, and a cold run's statements
    // are decoded meanwhile.
    const judging = makeJudge({ cwd: dir, env, top: paths.top, gitDir: paths.gitDir, commonDir: paths.commonDir, config });
    judging.catch(() => undefined);
    const cold = !existsSync(VerifyCache.path(paths.commonDir));
    const items = startedNow(
      reportItems({
        cwd: dir,
        env,
        revisions: options.revisions,
        judge: judging.then((j) => j.judge),
        decodeAhead: cold,
        lines: true,
      }),
    );
    const acc = new ReportAccumulator(sensitiveMatcher(config.sensitive));
    const gitAi = new GitAiCounter();
    const name = uniqueName(
      basename(paths.top ?? paths.gitDir.replace(/\/\.git$/, '')),
      accumulators.map((a) => a.name),
    );
    try {
      await gitAi.prepare({ cwd: dir, env, commonDir: paths.commonDir });
      for await (const item of items) {
        acc.add(item);
        gitAi.see(item.commit);
        options.onCommit?.(++count);
      }
      acc.checkedBy.add((await judging).name);
    } catch (error) {
      if (error instanceof AttestError && options.repos.length > 1)
        throw new AttestError(`in repository ${name}: ${error.message}`, error.exitCode);
      throw error;
    } finally {
      await items.return();
    }
    await gitAi.finish({ cwd: dir, env });
    accumulators.push({ name, acc, gitAi });
  }
  const totals = new ReportAccumulator();
  const gitAiTotals = new GitAiCounter();
  for (const { acc, gitAi } of accumulators) {
    totals.merge(acc);
    gitAiTotals.merge(gitAi);
  }
  const span = totals.days.span();
  const granularity = chooseGranularity(span);
  return {
    schema: REPORT_SCHEMA,
    generatedAt: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    range: [...options.revisions],
    repositories: accumulators.map(({ name, acc, gitAi }) => ({ name, summary: gitAi.attach(acc.summary(granularity, span)) })),
    totals: gitAiTotals.attach(totals.summary(granularity, span)),
  };
}

function uniqueName(name: string, taken: string[]): string {
  if (!taken.includes(name)) return name;
  for (let i = 2; ; i++) if (!taken.includes(`${name}-${i}`)) return `${name}-${i}`;
}
