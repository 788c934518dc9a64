import type { ToolEntry } from '../config/types.js';
import type { KeyInfo } from '../crypto/types.js';
import type { Gap } from './model.js';

const DAY = 24 * 3600 * 1000;
/** A key this close to expiry with no successor is a gap now: someone must act before it lapses. */
export const KEY_WARNING_DAYS = 30;

const emailsOf = (k: KeyInfo) => k.userIds.map((u) => /<([^<>]+)>\s*$/.exec(u)?.[1]?.toLowerCase() ?? u.toLowerCase());

/**
 * Trusted keys that expire within KEY_WARNING_DAYS (or already have), or are revoked, with no
 * other trusted key for the same email that stays valid beyond that: the next commit of that
 * person would not verify.
 */
export function keyGaps(keys: readonly KeyInfo[], now: Date): Gap[] {
  const horizon = now.getTime() + KEY_WARNING_DAYS * DAY;
  const lasting = (k: KeyInfo) => !k.revoked && (k.expires === null || k.expires.getTime() > horizon);
  const gaps: Gap[] = [];
  for (const k of keys) {
    if (lasting(k)) continue;
    const emails = emailsOf(k);
    const successor = keys.some((o) => o !== k && lasting(o) && emailsOf(o).some((e) => emails.includes(e)));
    if (successor) continue;
    const state = k.revoked
      ? 'is revoked'
      : k.expires!.getTime() <= now.getTime()
        ? `expired on ${k.expires!.toISOString().slice(0, 10)}`
        : `expires on ${k.expires!.toISOString().slice(0, 10)}`;
    gaps.push({
      kind: 'key-expiring',
      subject: k.fingerprint,
      message:
        `the trusted key of ${k.userIds[0] ?? k.fingerprint} ${state} and no other trusted key of ` +
        `${emails[0] ?? 'theirs'} takes over.`,
      fix: `its owner extends it (ai-attest keys generate makes a successor) and a trusted teammate approves the new key`,
    });
  }
  return gaps;
}

/**
 * Tools the drilled contributions used that the registry does not approve, or that nothing
 * captures from (attestation only: the prompt and raw output can never be recovered).
 */
export function toolGaps(used: ReadonlySet<string>, registry: readonly ToolEntry[], instrumented: ReadonlySet<string>): Gap[] {
  const gaps: Gap[] = [];
  for (const tool of [...used].sort()) {
    const entry = registry.find((t) => t.id === tool);
    if (!entry || !entry.approved) {
      gaps.push({
        kind: 'tool-unapproved',
        subject: tool,
        message: `${tool} was used but is ${entry ? 'not approved' : 'not in the tool registry'}.`,
        fix: `assess it and record the approval: ai-attest tools approve ${tool}`,
      });
    }
    if (!instrumented.has(tool)) {
      gaps.push({
        kind: 'tool-not-instrumented',
        subject: tool,
        message: `${tool} has no capture adapter: its prompts and raw output are never recorded, only the human's attestation.`,
        fix: 'wire capture into it (ai-attest agents install), or record its events with ai-attest record --event -',
      });
    }
  }
  return gaps;
}
