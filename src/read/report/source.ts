import { readCommits, type CommitRecord } from '../../git/log.js';
import { readLineCounts, type CommitLines } from '../../git/numstat.js';
import { GitError } from '../../errors.js';
import type { ReportItem } from './item.js';
import { decodeAhead, startedNow } from '../evaluate/decode-ahead.js';
import type { Judge, Judgement } from './judge.js';
import { prefetch } from './prefetch.js';
import { itemSignals } from './signals.js';

/**
 * Commits of line counts read ahead of the attestations: the evaluation yields in bursts of its
 * batch (500, verdict-judge.ts), and two bursts of slack keep git busy; under a MB.
 */
const READ_AHEAD = 1_000;

/** Commits decoded ahead at most while the judge loads: a few MB. */
const DECODE_AHEAD = 5_000;

export interface ItemStreamOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  revisions: readonly string[];
  /** May still be loading: git's reads start at once, and wait for it. */
  judge: Judge | Promise<Judge>;
  /**
   * Decode the commits' statements while the judge loads (decode-ahead.ts): for a run with no
   * verify cache to answer them (a cold report), where the decoding is needed anyway.
   */
  decodeAhead?: boolean;
  /** Read line counts too (a second, concurrent git log). */
  lines: boolean;
  logOptions?: string[];
}

/**
 * Commits of a range with verify's judgement and line counts: two git processes (attestations,
 * numstat) read side by side and zipped by commit id. Both walk the same revisions with the same
 * options, so they list the same commits in the same order; a mismatch is a bug, not data.
 */
export async function* reportItems(options: ItemStreamOptions): AsyncGenerator<ReportItem> {
  const gitOptions = {
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    ...(options.logOptions ? { logOptions: options.logOptions } : {}),
  };
  // git log starts now, not once the judge is there.
  const source = startedNow(readCommits(options.revisions, gitOptions));
  const lines = options.lines ? prefetch(readLineCounts(options.revisions, gitOptions), READ_AHEAD) : null;
  const judging = Promise.resolve(options.judge);
  const records = options.decodeAhead ? decodeAhead(source, judging, DECODE_AHEAD) : source;
  let judged: AsyncIterator<{ record: CommitRecord; judgement: Judgement }> | null = null;
  try {
    judged = (await judging)(records)[Symbol.asyncIterator]();
    for (;;) {
      const [next, counted] = await Promise.all([judged.next(), lines ? lines.next() : Promise.resolve(null)]);
      if (next.done) {
        if (counted && !counted.done) throw mismatch(`the line counts list ${counted.value.commit} after the last commit`);
        return;
      }
      const { record, judgement } = next.value;
      let commitLines: CommitLines | null = null;
      if (counted) {
        if (counted.done || counted.value.commit !== record.commit) {
          throw mismatch(`expected line counts of ${record.commit}, got ${counted.done ? 'none' : counted.value.commit}`);
        }
        commitLines = counted.value;
      }
      yield toItem(record, judgement, commitLines);
    }
  } finally {
    if (judged) await judged.return?.(undefined);
    else await records.return?.(undefined);
    await lines?.return(undefined);
  }
}

function toItem(
  record: CommitRecord,
  j: { status: ReportItem['status']; reasons: string[]; attested: boolean; claims: ReportItem['claims'] },
  lines: CommitLines | null,
): ReportItem {
  const nl = record.message.indexOf('\n');
  return {
    commit: record.commit,
    parents: record.parents,
    subject: nl < 0 ? record.message : record.message.slice(0, nl),
    authorName: record.authorName,
    authorEmail: record.authorEmail,
    authorTime: record.authorTime,
    committerName: record.committerName,
    committerEmail: record.committerEmail,
    committerTime: record.committerTime,
    status: j.status,
    reasons: j.reasons,
    attested: j.attested,
    claims: j.claims,
    lines,
    ...itemSignals(record),
  };
}

function mismatch(detail: string): GitError {
  return new GitError(`the two reads of the range disagree (${detail}); the history changed while reading? Run the report again.`);
}
