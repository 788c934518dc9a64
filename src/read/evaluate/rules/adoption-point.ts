import { ConfigError } from '../../../errors.js';
import { isObjectId } from '../../../core/object-id.js';

/**
 * `policy.exempt.before` names the adoption point: that commit and its ancestors are before
 * adoption. Only a full commit id means one thing forever: a date is the committer's claim (a
 * back-dated commit would be exempt), a branch or `HEAD~1` moves and exempts later commits.
 * Pure: the value in, the commit id (or null) out, a configuration error with the fix otherwise.
 */
export function adoptionPoint(before: string | null | undefined): string | null {
  const value = before?.trim();
  if (!value) return null;
  if (isObjectId(value)) return value;
  const kind = /^\d{4}-\d{2}-\d{2}/.test(value)
    ? 'a date (the committer sets it: a back-dated commit would be exempt)'
    : 'a revision name that can move (a branch, a tag, HEAD~N)';
  throw new ConfigError(
    `policy.exempt.before in .ai-attest/config.json is "${value}", ${kind}. Give the full id of the adoption commit: ` +
      `"before": "$(git rev-parse <the last commit before adoption>)" (40 hex digits); that ` +
      `commit and its ancestors are then before adoption.`,
  );
}
