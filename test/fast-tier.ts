/**
 * The files `npm run test:fast` runs: pure units for the edit loop (no git, no built binary, no
 * tmux, GnuPG or Chromium). A list rather than a file-name pattern, so no test file is renamed;
 * test/test-tiers.test.ts keeps it honest. Add a file here only if it passes that guard.
 */
export const FAST_TIER_FILES: readonly string[] = [
  'test/architecture.test.ts',
  'test/capture-prefill.test.ts',
  'test/core-codec.test.ts',
  'test/crypto-keyring.test.ts',
  'test/crypto-sign.test.ts',
  'test/detail-units.test.ts',
  'test/detect-signals.test.ts',
  'test/docs-results.test.ts',
  'test/env-answers.test.ts',
  'test/git-fake.test.ts',
  'test/git-runner-streams.test.ts',
  'test/lean-start.test.ts',
  'test/line-width.test.ts',
  'test/model-id.test.ts',
  'test/prompt-ask.test.ts',
  'test/prompt-choices.test.ts',
  'test/prompt-flow.test.ts',
  'test/report-aggregate.test.ts',
  'test/report-signals.test.ts',
  'test/report-stats.test.ts',
  'test/rewrite-units.test.ts',
  'test/shared-pieces.test.ts',
  'test/statement-json.test.ts',
  'test/store-source.test.ts',
  'test/test-tiers.test.ts',
  'test/trailers-v2.test.ts',
  'test/trust-rules-exempt.test.ts',
  'test/trust-rules.test.ts',
  'test/verdict-rules.test.ts',
  'test/verify-cache.test.ts',
  'test/verify-units.test.ts',
  'test/verify-wording.test.ts',
];
