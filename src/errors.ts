/**
 * Exit codes are part of the public interface (README "Exit codes"): scripts and CI gates
 * branch on them, so a value never changes meaning.
 */
export enum ExitCode {
  Ok = 0,
  /** A policy said no: verify found a failure, a commit was refused for missing answers. */
  PolicyFailure = 1,
  /** The command could not run: bad arguments, bad config, missing key, not a repository. */
  UsageError = 2,
  /** The user pressed Ctrl-C. */
  Interrupted = 130,
}

/** Every error the tool raises on purpose: its message says what to do next. */
export class AttestError extends Error {
  override readonly name: string = 'AttestError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.UsageError,
  ) {
    super(message);
  }
}

export class GitError extends AttestError {
  override readonly name: string = 'GitError';
  constructor(
    message: string,
    readonly args: readonly string[] = [],
    readonly stderr = '',
    readonly status: number | null = null,
  ) {
    super(message, ExitCode.UsageError);
  }
}

export class ConfigError extends AttestError {
  override readonly name: string = 'ConfigError';
}

/** A keyring entry that is not a regular key file inside the repository (exit 2, named by its path). */
export class KeyringEntryError extends ConfigError {
  override readonly name: string = 'KeyringEntryError';
  constructor(
    readonly entry: string,
    readonly what: string,
  ) {
    super(
      `keyring entry ${entry} ${what}: keyring entries must be regular key files inside the ` +
        `repository (replace it with the exported key, \`ai-attest keys export\`, or remove it).`,
    );
  }
}

export class KeyError extends AttestError {
  override readonly name: string = 'KeyError';
}

export class PolicyError extends AttestError {
  override readonly name: string = 'PolicyError';
  constructor(message: string) {
    super(message, ExitCode.PolicyFailure);
  }
}

/** Ctrl-C at a prompt: the commit is aborted, git keeps the message in COMMIT_EDITMSG. */
export class InterruptedError extends AttestError {
  override readonly name: string = 'InterruptedError';
  constructor(message = 'Interrupted: the commit was aborted; your message is kept in .git/COMMIT_EDITMSG.') {
    super(message, ExitCode.Interrupted);
  }
}
