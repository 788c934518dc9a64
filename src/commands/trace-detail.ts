import { checkReason, openDetail, type OpenedDetail } from '../detail/open.js';
import { DetailError, AccessNotRecordedError } from '../detail/errors.js';
import type { TraceResult } from '../read/trace/model.js';

export type TracedDetail = OpenedDetail | { commit: string; refused: string };

/**
 * `trace --detail`: the detail record of every traced commit that binds one, each read through
 * the audited path (an access record per record, written before it is decrypted). A record the
 * reader may not read is listed with why; an access record that cannot be written stops
 * everything, before anything is printed.
 */
export async function openTracedDetails(result: TraceResult, options: { reason?: string; key?: string }): Promise<TracedDetail[]> {
  const reason = checkReason(options.reason);
  const out: TracedDetail[] = [];
  for (const [commit, traced] of Object.entries(result.commits)) {
    if (!traced.attestation.detail.recorded) continue;
    try {
      out.push(await openDetail(commit, { cwd: process.cwd(), env: process.env, reason, via: 'trace', keyFile: options.key }));
    } catch (error) {
      if (error instanceof AccessNotRecordedError || !(error instanceof DetailError)) throw error;
      out.push({ commit, refused: error.message });
    }
  }
  return out;
}
