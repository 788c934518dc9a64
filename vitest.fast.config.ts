import { defineConfig } from 'vitest/config';
import { FAST_TIER_FILES } from './test/fast-tier.js';
import base from './vitest.config.js';

// `npm run test:fast`: the pure units listed in test/fast-tier.ts, with process spawning blocked.
// Spread rather than mergeConfig, which would append to the base `include` instead of replacing it.
// No globalSetup: these tests never need dist/.
export default defineConfig({
  test: {
    ...base.test,
    include: [...FAST_TIER_FILES],
    globalSetup: [],
    setupFiles: ['test/helpers/fast-tier-setup.ts'],
  },
});
