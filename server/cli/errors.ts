// A user-facing failure: printed as one line, never as a stack trace.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A write refused because another writer got there first: recompute on fresh text and try again. */
export class WriteConflictError extends CliError {
  constructor(message: string) {
    super(message, 1);
  }
}
