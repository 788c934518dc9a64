import type { Judge, JudgeContext } from './judge.js';
import { verdictJudge } from './verdict-judge.js';

/** The judge a report uses, and the name the report gives its checks. */
export async function makeJudge(ctx: JudgeContext): Promise<{ name: string; judge: Judge }> {
  return { name: 'ai-attest verify (signatures, bindings, identities, policy)', judge: await verdictJudge(ctx) };
}
