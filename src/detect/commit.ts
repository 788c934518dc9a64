import { defaultCatalog, type Catalog, type Confidence } from './catalog.js';
import { atLeast } from './disclosed.js';
import { signalsOfCommit, type CommitFacts, type SignalHit } from './match.js';

const ASSISTED_BY = 'trailer.assisted-by';
const SIGNED_BLOCK = /^Ai-Attest-Sig:/im;

/** A commit's message-level signals, as detect judges them. */
export interface CommitSignals {
  /** The signals to compare with the attestation. */
  judged: SignalHit[];
  /**
   * `Assisted-by:` lines inside ai-attest's signed block: the statement's own copy of its claim
   * (a rewrite replaces any typed one), so the claim accounts for them and they are never a finding.
   */
  ownCopy: SignalHit[];
}

const NONE: CommitSignals = Object.freeze({ judged: [], ownCopy: [] }) as CommitSignals;

/** The message-level signals of one commit at `min` confidence or more, split as detect judges them. */
export function commitSignals(facts: CommitFacts, min: Confidence = 'low', catalog: Catalog = defaultCatalog()): CommitSignals {
  const all = signalsOfCommit(facts, catalog).filter((h) => atLeast(h.confidence, min));
  if (!all.length) return NONE;
  if (!SIGNED_BLOCK.test(facts.message)) return { judged: all, ownCopy: [] };
  const ownCopy = all.filter((h) => h.signal === ASSISTED_BY);
  return ownCopy.length ? { judged: all.filter((h) => h.signal !== ASSISTED_BY), ownCopy } : { judged: all, ownCopy: [] };
}
