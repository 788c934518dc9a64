/**
 * Public API of the signal matcher (pure, no I/O, light enough for a hook): see docs/detect.md.
 */
export { catalogWith, compileCatalog, defaultCatalog, CONFIDENCES, SIGNALS_FORMAT, type Catalog, type Confidence } from './catalog.js';
export { familyOfTool, toolOfName } from './agent-name.js';
export { mergedBranches, signalsOfCommit, signalsOfIdentity, signalsOfTrailer, type CommitFacts, type SignalHit } from './match.js';
export { atLeast, disclosedTools, toolsOfHits } from './disclosed.js';
export { commitSignals, type CommitSignals } from './commit.js';
export { typedDisclosures, type TypedDisclosure } from './typed.js';
