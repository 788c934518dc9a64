import type { RangeTrust } from '../../trust/range-changes.js';

/**
 * A signature by a key the trust revision does not hold. The commit that adds its signer's own
 * key and changes nothing else is a proposal, for review (`key-proposed`, a warning); any other
 * signature by an untrusted key is `unknown-key`, and says so when the range adds that key
 * without an approval. Pure.
 */
export function untrustedSigner(
  fingerprint: string | undefined,
  commit: string,
  range: Pick<RangeTrust, 'proposed' | 'onlyAddKeys'> | null,
  detail: string,
): { result: 'key-proposed' | 'unknown-key'; message: string } {
  const adders = fingerprint ? range?.proposed.get(fingerprint) : undefined;
  if (!adders) return { result: 'unknown-key', message: detail };
  if (adders.has(commit) && range!.onlyAddKeys.has(commit)) {
    return {
      result: 'key-proposed',
      message:
        `signed by key ${fingerprint}, which this commit proposes for the keyring: not trusted ` +
        `until a teammate whose key is trusted approves it (\`ai-attest keys approve ` +
        `${fingerprint}\`)`,
    };
  }
  const where = [...adders].map((c) => c.slice(0, 12)).join(', ');
  return {
    result: 'unknown-key',
    message:
      `signed by key ${fingerprint}, which this range adds (commit ${where}) but no trusted key ` +
      `has approved: a key added in a branch is not trusted by that branch`,
  };
}
