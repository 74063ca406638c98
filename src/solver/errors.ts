/** Every failure the solver layer reports, so callers (and the server) can map codes, not messages. */
export type SolverErrorCode =
  /** The problem itself is malformed: NaN data, lower > upper, an index out of range, a duplicate name. */
  | 'SOLVER_BAD_PROBLEM'
  /** A solve option is out of range or not supported by the chosen solver. */
  | 'SOLVER_BAD_OPTIONS'
  /** The requested solver is unknown or its binary is not installed. */
  | 'SOLVER_UNAVAILABLE'
  /** The caller's AbortSignal fired before the solve finished. */
  | 'SOLVER_ABORTED';

/**
 * A coded error from the solver layer; infeasible or unbounded models are statuses, never errors.
 *
 * @example throw new SolverError('SOLVER_BAD_PROBLEM', 'column "x": lower 3 > upper 1');
 */
export class SolverError extends Error {
  override readonly name = 'SolverError';
  readonly code: SolverErrorCode;

  constructor(code: SolverErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
