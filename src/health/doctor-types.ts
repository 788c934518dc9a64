/** One finding of `ai-attest doctor`; a `problem` makes doctor exit 1, a `warn` does not. */
export interface DoctorCheck {
  /** Stable id for scripts, e.g. `hooks.commit-msg`, `key.expiry`, `refspec.origin.fetch`. */
  id: string;
  status: 'ok' | 'problem' | 'warn' | 'skipped';
  message: string;
  /** The exact command or edit that fixes it. */
  fix?: string;
}

/** Quotes a value for a POSIX shell command line printed as a fix. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
