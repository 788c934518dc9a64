import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
    // A file opts in with a `// @module-tag git` first line; test/test-tiers.test.ts checks that
    // every file is either in the fast tier or tagged, so `--tags-filter` selects cleanly.
    tags: [{ name: 'git', description: 'starts git, the built binary, tmux, GnuPG or a browser' }],
  },
});
