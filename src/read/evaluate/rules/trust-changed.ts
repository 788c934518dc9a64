/** The `trust-changed` message of a commit that changes the policy or keyring: each change, and that none is applied. Pure. */
export function trustChangedMessage(changes: readonly string[]): string {
  return `changes what verify trusts; reported for review, not applied to this verification:\n${changes.map((c) => `        - ${c}`).join('\n')}`;
}
