import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** End-to-end tests spawn the built binary; `npm test` builds first. */
export default function setup(): void {
  const hook = fileURLToPath(new URL('../../dist/hook.js', import.meta.url));
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  if (!existsSync(hook) || !existsSync(cli)) {
    throw new Error('dist/ is missing: run `npm run build` (or `npm test`, which builds first).');
  }
}
