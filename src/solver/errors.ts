/** Every failure the solver layer reports, so callers (and the server) can map codes, not messages. */
import { CodedError } from '../coded-error.js';

/** The solver's codes and what each means; infeasible or unbounded models are statuses, never errors. */
export const SOLVER_ERRORS = {
  SOLVER_BAD_PROBLEM:
    'The problem itself is malformed: NaN data, lower > upper, an index out of range, a duplicate name.',
  SOLVER_BAD_OPTIONS: 'A solve option is out of range or not supported by the chosen solver.',
  SOLVER_UNAVAILABLE: 'The requested solver is unknown or its binary is not installed.',
  SOLVER_ABORTED: "The caller's AbortSignal fired before the solve finished.",
} as const;
export type SolverErrorCode = keyof typeof SOLVER_ERRORS;

/**
 * A coded error from the solver layer.
 *
 * @example throw new SolverError('SOLVER_BAD_PROBLEM', 'column "x": lower 3 > upper 1');
 */
export class SolverError extends CodedError<SolverErrorCode> {
  override readonly name = 'SolverError';
}
