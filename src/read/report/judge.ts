import type { Config } from '../../config/types.js';
import type { Claims } from './item.js';
import type { CommitRecord } from '../../git/log.js';
import type { VerifyStatus } from './types.js';

/** What the report needs from verify about one commit. */
export interface Judgement {
  status: VerifyStatus;
  reasons: string[];
  attested: boolean;
  claims: Claims | null;
}

/** Turns the commit stream into judged commits, in order, one at a time. */
export type Judge = (records: AsyncIterable<CommitRecord>) => AsyncIterable<{ record: CommitRecord; judgement: Judgement }>;

export interface JudgeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  top: string | null;
  gitDir: string;
  commonDir: string;
  config: Config;
}
