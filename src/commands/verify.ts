import { AttestError, ExitCode } from '../errors.js';
import { verifyPush } from '../read/verify/pre-push.js';
import { resolveRange } from '../read/range.js';
import { verifyRange, type VerifyOutcome } from '../read/verify/verify.js';
import { verifyProgress } from '../read/verify/progress.js';
import { verifyGithub, verifyJsonChunks, verifyText } from '../read/verify/report.js';
import { writeChunks, writeFully } from '../read/verify/output.js';
import { colourEnabled, colours } from '../ui/output.js';
import { readStdinText } from '../io/stdin.js';
import { keepHeapNearLiveSize } from '../read/report/heap.js';
import { baselineCodeUntilLongRun } from '../read/compiler.js';

export interface VerifyCommandOptions {
  json?: boolean;
  format?: string;
  keyring?: string[];
  trust?: string;
  strict?: boolean;
  prePush?: boolean;
  cache?: boolean;
}

/**
 * A long range reads its whole log through memory; V8 lets the old space grow to a few times
 * what is live before collecting. Growing by half at most (as report does) keeps `--json` over
 * 100,000 never-adopted commits, which keeps every commit, at 264 MB instead of 288 MB for the
 * same CPU time (text keeps a few dozen commits); a range of 10,000 never pays the extra
 * collections.
 */
const LONG_RANGE = 20_000;

/** `ai-attest verify`: exit 0 when every commit passes, 1 on a policy failure, 2 on a usage error. */
export async function runVerify(args: string[], options: VerifyCommandOptions): Promise<void> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'github') throw new AttestError(`--format ${format}: use text or github (or --json).`);
  if (options.json && options.format) throw new AttestError('--json and --format exclude each other: pick one.');
  const opts = { cwd: process.cwd(), env: process.env };
  const trace =
    process.env.AI_ATTEST_TRACE === '1'
      ? (phase: string) => {
          const { user, system } = process.cpuUsage();
          process.stderr.write(
            `ai-attest: verify ${phase} at ${performance.now().toFixed(0)} ms (${((user + system) / 1000).toFixed(0)} ms of CPU)\n`,
          );
        }
      : undefined;
  trace?.('started');
  const compilerAt = baselineCodeUntilLongRun();
  const verifyOptions = {
    ...opts,
    keyringDirs: options.keyring ?? [],
    strict: options.strict ?? false,
    cache: options.cache ?? true,
    statements: Boolean(options.json),
    quick: !options.json,
    // Text and annotations show counts and each result's first commits: the outcome keeps no more.
    shownOnly: !options.json,
    ...(options.trust ? { trust: options.trust } : {}),
    ...(trace ? { trace } : {}),
  };

  let outcome: VerifyOutcome;
  if (options.prePush) {
    if (args.length < 1 || args.length > 2)
      throw new AttestError("--pre-push takes REMOTE [URL] (as git passes them to the pre-push hook), with git's lines on stdin.");
    outcome = await verifyPush(args[0]!, await readStdinText({ emptyOnTerminal: true }), verifyOptions);
  } else {
    const range = resolveRange(args, opts);
    const bar = verifyProgress(range, opts);
    try {
      const onCommit = (done: number) => {
        bar.tick(done);
        if (done === LONG_RANGE) keepHeapNearLiveSize(50);
        compilerAt(done);
      };
      outcome = await verifyRange(range, { ...verifyOptions, onCommit });
    } finally {
      bar.end();
    }
  }

  if (!outcome.summary.passed) await (await import('../sync/unfetched-notes.js')).pointMissingAtSync(outcome, opts);
  // The verdict is set before printing: a reader that closes the pipe early (src/cli.ts) keeps it.
  process.exitCode = outcome.summary.passed ? ExitCode.Ok : ExitCode.PolicyFailure;
  if (options.json) await writeChunks(process.stdout, verifyJsonChunks(outcome));
  else if (format === 'github') await writeFully(process.stdout, verifyGithub(outcome));
  // chalk only when there is colour to paint: importing it costs a warm run a sixth of its time.
  else await writeFully(process.stdout, colourEnabled() ? verifyText(outcome, await colours()) : verifyText(outcome));
  trace?.('printed');
}
