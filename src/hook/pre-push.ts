import { ExitCode } from '../errors.js';
import { repoPaths } from '../git/repo.js';
import { parsePushLines, verifyPush } from '../read/verify/pre-push.js';
import { writeFully } from '../read/verify/output.js';
import { verifyText } from '../read/verify/report.js';
import { readStdinText } from '../io/stdin.js';

/**
 * git runs pre-push with the remote's name and URL, and one line per ref on stdin. Only the
 * commits the remote does not have yet are verified; a failure refuses the push, naming the fix.
 */
export async function prePushHook(args: string[], ctx: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const [remote = 'origin', url] = args;
  const input = await readStdinText({ emptyOnTerminal: true });
  // Read once for verify and the notes push; the notes push's own reads go beside verify.
  const paths = repoPaths(ctx);
  paths.catch(() => undefined);
  const notesPush = import('../sync/push-notes.js');
  const early = notesPush.then((m) => m.notesPushReads(remote, url, ctx));
  early.catch(() => undefined);
  const outcome = await verifyPush(remote, input, { cwd: ctx.cwd, env: ctx.env, statements: false, paths });
  const n = outcome.summary.commits;
  if (!outcome.summary.passed) {
    await writeFully(
      process.stderr,
      `${verifyText(outcome)}ai-attest: push to ${remote} refused. Fix the commits above and push ` +
        `again (CI runs the same check; AI_ATTEST=0 skips this hook only).\n`,
    );
    return ExitCode.PolicyFailure;
  }
  if (ctx.env.AI_ATTEST_QUIET !== '1' && n > 0) {
    const warn = outcome.summary.warn ? `, ${outcome.summary.warn} with warnings` : '';
    process.stderr.write(`ai-attest: verified ${n} commit${n === 1 ? '' : 's'} to push to ${remote}: all pass${warn}.\n`);
  }
  if (outcome.refs.length > 0) {
    // The notes travel with the push they attest.
    const sync = await (await notesPush).pushNotesAfterVerify({
      cwd: ctx.cwd,
      env: ctx.env,
      remote,
      pushing: pushedTips(input),
      pushed: new Set(outcome.commits.map((c) => c.commit)),
      paths,
      early,
    });
    if (sync.message) process.stderr.write(`${sync.message}\n`);
  }
  return ExitCode.Ok;
}

/** The commits this push gives the remote: their notes may travel with it. */
function pushedTips(input: string): string[] {
  return parsePushLines(input)
    .map((u) => u.localOid)
    .filter((oid) => !/^0+$/.test(oid));
}
