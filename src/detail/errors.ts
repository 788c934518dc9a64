import { AttestError, ExitCode } from '../errors.js';

/** A detail record could not be sealed, read or shown; the message says what to do next. */
export class DetailError extends AttestError {
  override readonly name: string = 'DetailError';
}

/** The reader's key is not among the record's recipients. */
export class NotRecipientError extends DetailError {
  override readonly name: string = 'NotRecipientError';
  constructor(message: string) {
    super(message, ExitCode.PolicyFailure);
  }
}

/** The signed access record could not be written: nothing may be shown. */
export class AccessNotRecordedError extends DetailError {
  override readonly name: string = 'AccessNotRecordedError';
}
