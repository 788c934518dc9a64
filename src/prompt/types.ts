import type { Config } from '../config/types.js';
import type { Answers } from '../core/model.js';

/** A staged file matching a sensitive glob (one entry per matching category). */
export interface StagedSensitive {
  path: string;
  category: string;
}

/** What prepare-commit-msg hands to the prompt. */
export interface PromptInput {
  /** Tools registry: ids, names, default via, approval, known models. */
  config: Config;
  sensitive: StagedSensitive[];
  /** Previous answers (amend) or answers built from captured agent events: offered for reuse, else pre-selected. */
  defaults?: Answers;
  /** Agent disclosures typed into the message (`Assisted-by: Claude Opus 4.6`): "no AI" beside one is asked about. */
  disclosures?: string[];
  /** prepare-commit-msg's commit kind (`amend` for `git commit --amend`). */
  kind: 'normal' | 'amend' | 'merge' | 'squash' | 'message' | 'template' | 'retry';
}
