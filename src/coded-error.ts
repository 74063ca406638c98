/**
 * The one base of every error reeflow reports on purpose. Each domain folder's `errors.ts` lists its
 * codes with their meaning; the server's catalogue (src/server/errors.ts) gives each code an HTTP
 * status and the CLI prints `error CODE: message`, so neither translates errors by hand.
 */

/** A code list: each code with one sentence saying what it means (the catalogue and docs show it). */
export type CodeList = Readonly<Record<string, string>>;

/**
 * An error with a stable code from a typed code union.
 *
 * @example
 * export class SolverError extends CodedError<SolverErrorCode> { override readonly name = 'SolverError'; }
 * throw new SolverError('SOLVER_BAD_PROBLEM', 'column "x": lower 3 > upper 1');
 */
export class CodedError<Code extends string = string> extends Error {
  override readonly name: string = 'CodedError';

  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for any coded error, whichever folder threw it. */
export const isCodedError = (error: unknown): error is CodedError => error instanceof CodedError;
