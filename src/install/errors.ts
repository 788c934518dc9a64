import { AttestError } from '../errors.js';
import type { ConfigEntry } from './git-config.js';

/** core.hooksPath points at a directory no known hook manager owns. */
export class HooksPathError extends AttestError {
  override readonly name = 'HooksPathError';
  constructor(
    readonly setting: ConfigEntry,
    readonly hooksDir: string,
  ) {
    super(
      `core.hooksPath is set to "${setting.value}" (${setting.scope} config, ${setting.origin}), so git runs hooks from ` +
        `${hooksDir} and ignores .git/hooks. ai-attest does not take over a hooks directory it does not know.\n` +
        `  To use git's own hooks directory:  ${unsetCommand(setting.scope)} && ai-attest install\n` +
        `  To install into ${hooksDir} instead (hooks already there are kept and run first):  ai-attest install --hooks-path-ok`,
    );
  }
}

function unsetCommand(scope: string): string {
  const flag = scope === 'local' ? '' : ` --${scope}`;
  const warning = scope === 'global' || scope === 'system' ? ' (this affects every repository)' : '';
  return `git config${flag} --unset core.hooksPath${warning}`;
}
