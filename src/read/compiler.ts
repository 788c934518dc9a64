import { setFlagsFromString } from 'node:v8';

/**
 * Commits after which a read command gets V8's optimising compiler back (see baselineCode).
 */
const LONG_RUN_COMMITS = 20_000;

/**
 * Leaves V8's optimising compiler (TurboFan) off for this process: hot functions stay in baseline
 * code (Sparkplug; Maglev too on Node 22 and later). A cold verify or report of 10,000 commits
 * runs for a second or two, and TurboFan's compilations on background threads cost more CPU than
 * the faster code saves in that time, while competing with the signature worker on a two-core
 * machine: without it a cold verify took ~14% less CPU (2.15 s instead of 2.5 s) and a cold
 * report ~8% less, with the same output. V8 reads the flag at each tiering decision, so it works
 * when set at run time, as --heap-growing-percent does (src/read/report/heap.ts).
 */
function baselineCode(): void {
  setFlagsFromString('--no-turbofan');
}

/**
 * baselineCode for a run over commits, and what its progress calls with the number done: at
 * LONG_RUN_COMMITS the run proved long, and TurboFan's compilations now pay for themselves.
 */
export function baselineCodeUntilLongRun(): (commitsDone: number) => void {
  baselineCode();
  return (commitsDone) => {
    if (commitsDone === LONG_RUN_COMMITS) setFlagsFromString('--turbofan');
  };
}
