import { SolverError } from './errors.js';

/** Whether the objective is minimised or maximised. */
export type ObjectiveSense = 'min' | 'max';

/**
 * Column data as parallel arrays, so a problem with 1e6 columns costs a few typed arrays rather
 * than a million objects, and passes to HiGHS or a worker thread without conversion.
 */
export interface ColumnTable {
  /** Caller's names, used only for reporting and readable exports; solvers see `c<j>`. */
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly cost: Float64Array;
  /** 1 where the column must take an integer value. */
  readonly integer: Uint8Array;
}

/** Row data as parallel arrays; `lower`/`upper` bound the row activity `Σ a[i,j]·x[j]`. */
export interface RowTable {
  /** Caller's names, used only for reporting and readable exports; solvers see `r<i>`. */
  readonly names: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * The constraint matrix in compressed sparse row form: row `i`'s terms are
 * `indices[starts[i] .. starts[i+1])` with coefficients `values[...]`, no duplicate columns.
 */
export interface RowMatrix {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * A solver-independent LP/MIP: optimise `offset + Σ cost[j]·x[j]` subject to
 * `rows.lower ≤ A·x ≤ rows.upper` and `columns.lower ≤ x ≤ columns.upper`; infinite bounds are ±Infinity.
 *
 * @example const problem = createProblemBuilder({ name: 'plan' }).build();
 */
export interface Problem {
  readonly name: string;
  readonly sense: ObjectiveSense;
  readonly objectiveOffset: number;
  readonly columns: ColumnTable;
  readonly rows: RowTable;
  readonly matrix: RowMatrix;
}

/** One matrix entry of a row: `[columnIndex, coefficient]`. */
export type Term = readonly [column: number, coefficient: number];

/** The error of a problem that cannot be solved as given. */
export function badProblem(message: string): SolverError {
  return new SolverError('SOLVER_BAD_PROBLEM', message);
}

/** Why a bound pair is unusable, or undefined when it is fine. */
export function boundsIssue(lower: number, upper: number): string | undefined {
  if (Number.isNaN(lower) || Number.isNaN(upper)) return `bounds [${lower}, ${upper}] contain NaN`;
  if (lower === Infinity) return 'lower bound is +Infinity';
  if (upper === -Infinity) return 'upper bound is -Infinity';
  if (lower > upper) return `lower bound ${lower} > upper bound ${upper}`;
  return undefined;
}

/** Number of columns of a problem. */
export function numColumns(problem: Problem): number {
  return problem.columns.cost.length;
}

/** Number of rows of a problem. */
export function numRows(problem: Problem): number {
  return problem.rows.lower.length;
}

/** Whether any column is integer, i.e. whether the problem needs a MIP solver. */
export function isMip(problem: Problem): boolean {
  return problem.columns.integer.includes(1);
}

const maxReportedIssues = 10;

/**
 * Checks a problem's arrays and numbers before any solver sees them, because a NaN or a swapped
 * bound makes solvers crash or answer nonsense; throws one `SOLVER_BAD_PROBLEM` listing what is wrong.
 *
 * @example validateProblem(problem); // throws SolverError if problem.columns.lower[0] > upper[0]
 */
export function validateProblem(problem: Problem): void {
  const issues: string[] = [];
  const report = (message: string): void => {
    issues.push(message);
  };
  const { columns, rows, matrix } = problem;
  const n = columns.cost.length;
  const m = rows.lower.length;
  if (problem.sense !== 'min' && problem.sense !== 'max')
    report(`sense must be 'min' or 'max', got ${String(problem.sense)}`);
  if (!Number.isFinite(problem.objectiveOffset))
    report(`objective offset ${problem.objectiveOffset} is not finite`);
  if (
    columns.lower.length !== n ||
    columns.upper.length !== n ||
    columns.integer.length !== n ||
    columns.names.length !== n
  ) {
    report(
      `column arrays differ in length (cost ${n}, lower ${columns.lower.length}, upper ${columns.upper.length}, integer ${columns.integer.length}, names ${columns.names.length})`,
    );
  }
  if (rows.upper.length !== m || rows.names.length !== m) {
    report(
      `row arrays differ in length (lower ${m}, upper ${rows.upper.length}, names ${rows.names.length})`,
    );
  }
  if (
    matrix.starts.length !== m + 1 ||
    matrix.starts[0] !== 0 ||
    matrix.starts[m] !== matrix.indices.length ||
    matrix.indices.length !== matrix.values.length
  ) {
    report(
      `matrix is not CSR over ${m} rows (starts ${matrix.starts.length}, indices ${matrix.indices.length}, values ${matrix.values.length})`,
    );
  }
  if (issues.length > 0) throw badProblem(`invalid problem "${problem.name}": ${issues.join('; ')}`);

  for (let j = 0; j < n && issues.length < maxReportedIssues; j += 1) {
    const issue = boundsIssue(columns.lower[j] ?? 0, columns.upper[j] ?? 0);
    if (issue !== undefined) report(`column "${columns.names[j] ?? j}": ${issue}`);
    const cost = columns.cost[j] ?? 0;
    if (!Number.isFinite(cost)) report(`column "${columns.names[j] ?? j}": cost ${cost} is not finite`);
  }
  for (let i = 0; i < m && issues.length < maxReportedIssues; i += 1) {
    const issue = boundsIssue(rows.lower[i] ?? 0, rows.upper[i] ?? 0);
    if (issue !== undefined) report(`row "${rows.names[i] ?? i}": ${issue}`);
    const start = matrix.starts[i] ?? 0;
    const end = matrix.starts[i + 1] ?? 0;
    if (end < start) report(`row "${rows.names[i] ?? i}": matrix starts decrease`);
    for (let k = start; k < end; k += 1) {
      const column = matrix.indices[k] ?? -1;
      const value = matrix.values[k] ?? 0;
      if (column < 0 || column >= n)
        report(`row "${rows.names[i] ?? i}": column index ${column} out of range`);
      else if (!Number.isFinite(value))
        report(
          `row "${rows.names[i] ?? i}": coefficient ${value} of column "${columns.names[column] ?? column}" is not finite`,
        );
    }
  }
  if (issues.length > 0) throw badProblem(`invalid problem "${problem.name}": ${issues.join('; ')}`);
}

/**
 * Computes row activities `A·x` from column values, so every adapter reports them the same way
 * even when its solver does not.
 */
export function computeRowActivities(problem: Problem, values: Float64Array): Float64Array {
  const { starts, indices, values: coefficients } = problem.matrix;
  const m = numRows(problem);
  const activities = new Float64Array(m);
  for (let i = 0; i < m; i += 1) {
    let sum = 0;
    const end = starts[i + 1] ?? 0;
    for (let k = starts[i] ?? 0; k < end; k += 1)
      sum += (coefficients[k] ?? 0) * (values[indices[k] ?? 0] ?? 0);
    activities[i] = sum;
  }
  return activities;
}

/** Computes `offset + c·x`, the objective of a given point. */
export function computeObjective(problem: Problem, values: Float64Array): number {
  const cost = problem.columns.cost;
  let sum = problem.objectiveOffset;
  for (let j = 0; j < cost.length; j += 1) sum += (cost[j] ?? 0) * (values[j] ?? 0);
  return sum;
}
