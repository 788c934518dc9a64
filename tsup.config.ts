import { defineConfig } from 'tsup';

// Two entries so that a git hook loads only the code a commit needs: `hook.js` must not
// pull in commander, zod, chalk or openpgp (each costs 15-75 ms to import on a 2-core machine).
export default defineConfig({
  entry: { cli: 'src/cli.ts', hook: 'src/hook/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: true,
  // Not cleaned: several test runs may use dist/ at once while another build writes it.
  clean: false,
  dts: false,
  shims: false,
});
