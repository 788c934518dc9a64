/**
 * The `trust-changed` message of a commit that changes the policy or keyring: each change, and
 * that none is applied. One line (renderers escape line breaks in repository-derived text). Pure.
 */
export function trustChangedMessage(changes: readonly string[]): string {
  return `changes what verify trusts (reported for review, not applied to this verification): ${changes.join('; ')}`;
}
