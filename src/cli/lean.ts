import type { LeanArgs, LeanSpec } from './lean-args.js';
import { lean as detect } from './detect.js';
import { lean as report } from './report.js';
import { lean as trace } from './trace.js';
import { lean as verify } from './verify.js';

/**
 * A command that opts in to the lean start (src/lean.ts, bundled as dist/cli-lean.cjs and
 * compiled with a V8 code cache): its everyday arguments are read without commander, and `run`
 * gets the operands and options commander would have given its action.
 *
 * To opt a command in: export `lean` from its src/cli/<name>.ts beside `register` (its options
 * exactly as registered there), add it to LEAN_COMMANDS below, and its name to LEAN in
 * bin/ai-attest.cjs and to BUNDLES in bin/ai-attest-hook.cjs. test/lean-start.test.ts compares each spec with the registration.
 */
export interface LeanCommand {
  spec: LeanSpec;
  run(args: LeanArgs): Promise<void>;
}

export const LEAN_COMMANDS: Readonly<Record<string, LeanCommand>> = { detect, report, trace, verify };
