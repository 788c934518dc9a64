import { isatty } from 'node:tty';
import { progress } from '../../ui/output.js';
import { countCommits } from '../../git/ranges.js';
import type { GitOptions } from '../../git/run.js';
import type { RangeSpec } from '../range.js';

/**
 * A progress counter on stderr for long ranges, only on a terminal: counting the range costs a
 * `git rev-list --count`, run alongside the verification, which pipes and CI never pay for.
 */
export function verifyProgress(rangeSpec: RangeSpec | Promise<RangeSpec>, options: GitOptions) {
  // isatty(2) rather than process.stderr.isTTY: creating the stderr stream costs a warm run time.
  if (!isatty(2)) return { tick: (_done: number) => undefined, end: () => undefined };
  const stream = process.stderr;
  let bar: ReturnType<typeof progress> | null = null;
  Promise.resolve(rangeSpec)
    .then((range) => (range.revisions.length ? countCommits(range, options) : null))
    .then((total) => {
      if (total) bar = progress('ai-attest verify', total, stream);
    })
    .catch(() => undefined);
  return {
    tick: (done: number) => bar?.tick(done),
    end: () => bar?.end(),
  };
}
