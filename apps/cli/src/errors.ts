/** Errors of the command line: a usage or config problem ends the run with exit code 2 and a message, never a stack trace. */

/** A problem with how rubric was called or configured. */
export class UsageError extends Error {
  override name = 'UsageError';
}
