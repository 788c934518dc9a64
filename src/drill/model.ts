import type { TraceAi } from '../read/trace/model.js';

export const DRILL_SCHEMA = 'ai-attest/drill@1';

/**
 * The five facts an investigation needs for each AI contribution (DESIGN.md): the exact model,
 * the prompt or turn history, the raw output, the accountable human, the tool and its path.
 */
export const FACTS = ['model', 'prompt', 'rawOutput', 'human', 'toolPath'] as const;
export type Fact = (typeof FACTS)[number];

export const GAP_KINDS = [
  'unattested',
  'undeclared',
  'unverified',
  'policy-failure',
  'model-unknown',
  'tool-path-unknown',
  'detail-missing',
  'detail-unreadable',
  'note-not-on-remote',
  'note-not-fetched',
  'remote-unreachable',
  'notes-unfiled',
  'key-expiring',
  'tool-unapproved',
  'tool-not-instrumented',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface Gap {
  kind: GapKind;
  /** The commit, file range, key or tool it concerns (repository text: escape when shown). */
  subject: string;
  message: string;
  /** The command or step that closes it. */
  fix: string;
}

export interface ContributionReport {
  commit: string;
  subject: string;
  /** Lines of the drilled range this commit last changed. */
  lines: number;
  ai: TraceAi;
  verified: boolean;
  tools: Array<{ tool: string; model: string; via: string }>;
  /** Which facts an investigation would find; null where the fact does not apply (no AI). */
  facts: Record<Fact, boolean | null>;
  /** Facts the policy requires for this contribution. */
  required: Fact[];
  gaps: Gap[];
}

export interface RangeReport {
  path: string;
  start: number;
  end: number;
  contributions: ContributionReport[];
}

export interface Scorecard {
  ranges: number;
  contributions: number;
  aiContributions: number;
  /** Required facts found, over required facts, across AI contributions. */
  factsFound: number;
  factsRequired: number;
  /** factsFound / factsRequired, 1 when nothing is required; null with nothing drilled. */
  score: number | null;
  /** Per fact: AI contributions where it was found, out of those where it was required. */
  byFact: Record<Fact, { found: number; required: number }>;
  gaps: number;
}

export interface DrillResult {
  schema: typeof DRILL_SCHEMA;
  rev: string;
  commit: string;
  seed: number;
  count: number;
  /** What was sampled from: all files, a glob, or the sensitive globs. */
  scope: string;
  since: string | null;
  remote: string | null;
  ranges: RangeReport[];
  /** Gaps of the trail as a whole: notes, keys, tools. */
  repositoryGaps: Gap[];
  scorecard: Scorecard;
  /** Every gap, contribution gaps first, each once. */
  gaps: Gap[];
}
