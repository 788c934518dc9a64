import { finding, type Finding } from './finding.js';

/**
 * The `trust-changed` message of a commit that changes the policy or keyring: each change, and
 * that none is applied. One line (renderers escape line breaks in repository-derived text). Pure.
 */
export function trustChangedMessage(changes: readonly string[]): string {
  return `changes what verify trusts (reported for review, not applied to this verification): ${changes.join('; ')}`;
}

/** A commit that changes what verify trusts is reported for review; null when it changes none. */
export function trustChanged(changes: readonly string[] | undefined): Finding | null {
  return changes ? finding('trust', 'trust-changed', trustChangedMessage(changes)) : null;
}
