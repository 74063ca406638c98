/** Coded errors of the coordinate layer; the CLI prints code and message, the server maps codes to HTTP. */

export const COORDINATE_ERROR_CODES = [
  'PROJECT_NOT_FOUND',
  'PROJECT_STAGE_SKIP',
  'PROJECT_STAGE_BACKWARD',
  'PROJECT_STAGE_UNKNOWN',
  'PROJECT_OPERATING',
  'PROJECT_DEPENDENCY_CYCLE',
  'PROJECT_UNKNOWN_DEPENDENCY',
  'FINANCE_RATE_OUT_OF_BOUNDS',
  'FINANCE_BAD_CASH_FLOWS',
  'ALLOCATE_NEGATIVE_BUDGET',
  'ALLOCATE_BAD_GOAL',
  'ALLOCATE_NO_PROJECTS',
  'ALLOCATE_INFEASIBLE',
  'BAD_DATE',
] as const;
export type CoordinateErrorCode = (typeof COORDINATE_ERROR_CODES)[number];

/**
 * A coded error of projects, finance or allocation.
 *
 * @example throw new CoordinateError('PROJECT_STAGE_SKIP', "project 'x' is proposed; it cannot go to approved before permitting");
 */
export class CoordinateError extends Error {
  override readonly name = 'CoordinateError';
  constructor(
    readonly code: CoordinateErrorCode,
    message: string,
  ) {
    super(message);
  }
}
