/** Coded errors of the coordinate layer; the CLI prints code and message, the server maps codes to HTTP. */
import { CodedError } from '../coded-error.js';

/** The coordinate layer's codes and what each means. */
export const COORDINATE_ERRORS = {
  PROJECT_NOT_FOUND: 'The model has no project with that id.',
  PROJECT_STAGE_SKIP: 'A stage change skips a stage; projects move one stage at a time.',
  PROJECT_STAGE_BACKWARD: 'A stage change goes back or stays; stages only move forward.',
  PROJECT_STAGE_UNKNOWN: 'The stage is not one of the project stages.',
  PROJECT_OPERATING: 'The project is operating already; it has no further stage.',
  PROJECT_DEPENDENCY_CYCLE: "Following projects' dependencies comes back to a project.",
  PROJECT_UNKNOWN_DEPENDENCY: 'A project depends on a project the model does not have.',
  FINANCE_RATE_OUT_OF_BOUNDS: 'A discount or interest rate is outside the range finance accepts.',
  FINANCE_BAD_CASH_FLOWS: 'Cash flows or a price factor cannot be appraised (e.g. a negative factor).',
  ALLOCATE_NEGATIVE_BUDGET: 'A budget is negative.',
  ALLOCATE_BAD_GOAL: 'The allocation goal is not one of the written forms, or names an unknown id.',
  ALLOCATE_NO_PROJECTS: 'There are no candidate projects to allocate the budget to.',
  ALLOCATE_INFEASIBLE: 'No portfolio satisfies the budgets and dependencies.',
  BAD_DATE: "A date is not a calendar date written 'YYYY-MM-DD'.",
  DIVIDEND_BAD_REGIONS:
    'The regions of a coordination dividend are not a partition with at least two regions.',
  DIVIDEND_NOT_OPTIMAL:
    'A plan of the coordination dividend (joint, a region alone, or the decentralised outcome) did not solve to optimality.',
  DIVIDEND_INVARIANT:
    'The decentralised outcome came out cheaper than the joint plan: a planner or solver defect, please report it.',
} as const;
export type CoordinateErrorCode = keyof typeof COORDINATE_ERRORS;

/**
 * A coded error of projects, finance or allocation.
 *
 * @example throw new CoordinateError('PROJECT_STAGE_SKIP', "project 'x' is proposed; it cannot go to approved before permitting");
 */
export class CoordinateError extends CodedError<CoordinateErrorCode> {
  override readonly name = 'CoordinateError';
}
