import { decodeTrailers, ownTrailerIndexes, typedAttributions, type DecodedTrailers } from '../core/attestation-trailers.js';
import { DSSE_PAYLOAD_TYPE, type Predicate } from '../core/model.js';
import { preAuthEncoding } from '../core/statement.js';
import { parseTrailers, rewriteTrailers, type Trailer } from '../core/trailers.js';
import type { Keyring } from '../crypto/keyring.js';
import { safeText } from '../ui/safe-text.js';

/** The attestation block a message already carries, and which of its trailers are ai-attest's. */
export interface MessageBlock {
  trailers: Trailer[];
  decoded: DecodedTrailers;
  own: Set<number>;
}

export function readMessageBlock(message: string): MessageBlock {
  const trailers = parseTrailers(message);
  return { trailers, decoded: decodeTrailers(trailers), own: ownTrailerIndexes(trailers) };
}

/**
 * The agent disclosures a developer (or an agent) typed into the message, as shown strings. The
 * signal catalog is loaded only when the message has attribution trailers of its own.
 */
export async function typedAgentDisclosures(trailers: readonly Trailer[]): Promise<string[]> {
  if (typedAttributions(trailers).length === 0) return [];
  const { typedDisclosures } = await import('../detect/typed.js');
  // Repository text, on its way to a terminal.
  return typedDisclosures(trailers).map((d) => safeText(`${d.trailer.key}: ${d.trailer.value}`));
}

/** Without a terminal to ask on, "no AI" beside a typed disclosure is signed as answered and said out loud. */
export async function warnContradiction(block: MessageBlock, ai: Predicate['ai'], warn: (text: string) => void): Promise<void> {
  if (ai !== 'none') return;
  const shown = await typedAgentDisclosures(block.trailers);
  if (shown.length === 0) return;
  warn(
    `ai-attest: the message discloses ${shown.map((s) => `"${s}"`).join(', ')} but the answer ` +
      `is "no AI": signed as answered; verify reports disclosure-contradicts until the commit is ` +
      `attested with the tools used (ai-attest attest REV --tools TOOL:MODEL).\n`,
  );
}

/** The message with ai-attest's own block replaced by `add`; the developer's trailers stay where they are. */
export function replaceBlock(message: string, block: MessageBlock, add: Trailer[]): string {
  return rewriteTrailers(message, (_t, index) => !block.own.has(index), add);
}

export interface Staged {
  tree: string;
  parents: readonly string[];
  patchId: string;
}

/**
 * Answers found in a message are only someone's claim (an agent can write any trailer): the hook
 * signs them again only when a trusted key signed them and they bind to what is being committed
 * (this tree on these parents, the same non-empty patch-id, or, for an amend, the same parents).
 * Otherwise the reason, for the warning.
 */
export function reusable(
  decoded: DecodedTrailers,
  staged: Staged,
  keyring: Keyring,
  amend: boolean,
): { predicate: Predicate } | { reason: string } | null {
  if (decoded.kind === 'none') return null;
  if (decoded.kind !== 'ok')
    return { reason: decoded.kind === 'malformed' ? `do not decode (${decoded.reason})` : `declare ${decoded.version}` };
  const result = keyring.verify(preAuthEncoding(DSSE_PAYLOAD_TYPE, decoded.payload), decoded.signature);
  if (!result.ok) return { reason: `are not signed by a trusted key (${result.detail})` };
  const b = decoded.predicate.binding;
  const sameParents = b.parents.length === staged.parents.length && b.parents.every((p, i) => p === staged.parents[i]);
  const bound = (sameParents && (amend || b.tree === staged.tree)) || (b.patchId !== '' && b.patchId === staged.patchId);
  if (!bound) return { reason: `were signed for another change (tree ${b.tree.slice(0, 12)})` };
  return { predicate: decoded.predicate };
}

export function reuseWarning(reason: string): string {
  return (
    `ai-attest: the message already ends with Ai-Attest trailers that ${safeText(reason)}: they ` +
    `were removed and the answers gathered as usual.\n`
  );
}

export interface ReuseContext {
  commonDir: string;
  keyringDir: string;
  staged: Staged;
  warn: (text: string) => void;
}

/**
 * reusable() for the hook: the keyring is loaded only when a message carries a block that the
 * answers would come from (a reword, `commit -C`, an amend), and each block is judged and
 * warned about once.
 */
export function reuseChecker(ctx: ReuseContext): (decoded: DecodedTrailers, amend: boolean) => Promise<Predicate | null> {
  let keyring: Promise<Keyring> | null = null;
  const warned = new Set<string>();
  return async (decoded, amend) => {
    if (decoded.kind === 'none') return null;
    keyring ??= import('../crypto/keyring.js').then(({ loadWorkTreeKeyring }) => loadWorkTreeKeyring(ctx.keyringDir, ctx.commonDir));
    let judged: ReturnType<typeof reusable>;
    try {
      judged = reusable(decoded, ctx.staged, await keyring, amend);
    } catch (error) {
      // An unreadable keyring trusts nothing: the answers are gathered as usual.
      judged = { reason: `cannot be checked (${(error as Error).message})` };
    }
    if (!judged || 'predicate' in judged) return judged?.predicate ?? null;
    const id = decoded.kind === 'ok' ? Buffer.from(decoded.signature).toString('base64') : JSON.stringify(decoded);
    if (!warned.has(id)) ctx.warn(reuseWarning(judged.reason));
    warned.add(id);
    return null;
  };
}
