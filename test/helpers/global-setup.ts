import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** End-to-end tests spawn the built binary; `npm test` builds first. Unit tests run without it. */
export default function setup(): void {
  const hook = fileURLToPath(new URL('../../dist/hook.js', import.meta.url));
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  if (!existsSync(hook) || !existsSync(cli)) {
    process.stderr.write(
      '\n*** dist/ is missing: end-to-end tests will fail. Run `npm test` (it builds first) or `npm run build`. ***\n\n',
    );
  }
}
