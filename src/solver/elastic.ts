/**
 * Elastic relaxation: every chosen row gets a surplus and a shortage column, so an infeasible
 * problem always has a solution, and minimising the relaxation (nothing else costs) finds the
 * smallest change to the rows that makes it feasible. This is how reeflow explains infeasibility
 * where the solver has no irreducible-infeasible-subset (IIS) support, as in WebAssembly HiGHS.
 */
import { numColumns, numRows, type Problem } from './problem.js';

/** The relaxed problem and, per relaxed row, its two slack columns. */
export interface ElasticProblem {
  problem: Problem;
  /** Row index → [surplus column (adds to the row), shortage column (subtracts)]. */
  slacks: Map<number, readonly [number, number]>;
}

/**
 * Relaxes `rows`: row i becomes `lower ≤ a·x + u − v ≤ upper` with `u, v ≥ 0`, and the objective is
 * `Σ weight[i]·(u + v)` (the original costs are dropped). A row's weight defaults to
 * `1 / (1 + |bound|)`, so rows of different units (t, USD) are relaxed by their relative size.
 *
 * @example const { problem, slacks } = toElasticProblem(problem, [0, 3]);
 */
export function toElasticProblem(
  problem: Problem,
  rows: readonly number[],
  weight: (row: number) => number = (row) => {
    const lower = problem.rows.lower[row] ?? 0;
    const upper = problem.rows.upper[row] ?? 0;
    const bound = Number.isFinite(upper) ? upper : Number.isFinite(lower) ? lower : 0;
    return 1 / (1 + Math.abs(bound));
  },
): ElasticProblem {
  const n = numColumns(problem);
  const m = numRows(problem);
  const relaxed = new Map<number, number>();
  rows.forEach((row, k) => relaxed.set(row, k));
  const extra = 2 * relaxed.size;
  const names = [...problem.columns.names];
  const lower = new Float64Array(n + extra);
  const upper = new Float64Array(n + extra).fill(Infinity);
  const cost = new Float64Array(n + extra);
  const integer = new Uint8Array(n + extra);
  lower.set(problem.columns.lower);
  upper.set(problem.columns.upper);
  integer.set(problem.columns.integer);
  const slacks = new Map<number, readonly [number, number]>();
  for (const [row, k] of relaxed) {
    const surplus = n + 2 * k;
    const shortage = surplus + 1;
    names.push(`surplus[${problem.rows.names[row] ?? row}]`, `shortage[${problem.rows.names[row] ?? row}]`);
    cost[surplus] = weight(row);
    cost[shortage] = weight(row);
    slacks.set(row, [surplus, shortage]);
  }
  const { starts, indices, values } = problem.matrix;
  const nnz = (starts[m] ?? 0) + extra;
  const newStarts = new Int32Array(m + 1);
  const newIndices = new Int32Array(nnz);
  const newValues = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < m; i++) {
    newStarts[i] = at;
    for (let k = starts[i] ?? 0; k < (starts[i + 1] ?? 0); k++) {
      newIndices[at] = indices[k] ?? 0;
      newValues[at] = values[k] ?? 0;
      at++;
    }
    const pair = slacks.get(i);
    if (pair) {
      newIndices[at] = pair[0];
      newValues[at] = 1;
      newIndices[at + 1] = pair[1];
      newValues[at + 1] = -1;
      at += 2;
    }
  }
  newStarts[m] = at;
  return {
    problem: {
      ...problem,
      sense: 'min',
      objectiveOffset: 0,
      columns: { names, lower, upper, cost, integer },
      matrix: { starts: newStarts, indices: newIndices, values: newValues },
    },
    slacks,
  };
}
