import { CodedError, isCodedError } from '../coded-error.js';
import { COMMON_EXIT_CODES } from './exit-codes.js';

/**
 * An error of the CLI itself (a missing file, a bad flag value): like every coded error, the top
 * level reports it as one `error CODE: message` line and an exit code, never a stack trace.
 */
export class CliError extends CodedError {
  override readonly name = 'CliError';
  constructor(
    code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(code, message);
  }
}

/** Where `reportError` writes, and whether it prints stacks (REEFLOW_DEBUG). */
export interface ErrorSink {
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The CLI's top level for a thrown error: any coded error (from any folder) is one
 * `error CODE: message` line and exit 1 (or the CliError's own code); anything else is a bug,
 * reported as INTERNAL with a reference and exit 70 (REEFLOW_DEBUG=1 adds the stack).
 *
 * @example return reportError(new SolverError('SOLVER_UNAVAILABLE', 'no cbc'), io) // 1
 */
export function reportError(error: unknown, io: ErrorSink): number {
  if (isCodedError(error)) {
    io.stderr(`error ${error.code}: ${error.message}\n`);
    return error instanceof CliError ? error.exitCode : COMMON_EXIT_CODES.failed.code;
  }
  const id = Math.abs(Date.now() % 1e8).toString(36);
  io.stderr(
    `error INTERNAL: an unexpected error occurred (reference ${id}). Please report it with the command you ran.\n`,
  );
  if (io.env['REEFLOW_DEBUG']) io.stderr(`${error instanceof Error ? error.stack : String(error)}\n`);
  return COMMON_EXIT_CODES.internal.code;
}
