/** Second stages of lexicographic solves: a new objective with the old one bounded. */
import { numRows, type Problem } from './problem.js';

/**
 * The problem with its objective replaced by `next`, and one more row that keeps the old objective
 * no worse than `limit` (`offset + Σ cost·x ≤ limit` when minimising, `≥` when maximising): the
 * second stage of a lexicographic solve, which optimises `next` among the points that are optimal,
 * within a tolerance, for the first objective.
 *
 * @example const second = withObjectiveBound(problem, 'objective-bound', first.objective + 1e-6, { cost, objectiveOffset: 0 });
 */
export function withObjectiveBound(
  problem: Problem,
  name: string,
  limit: number,
  next: { cost: Float64Array; objectiveOffset: number },
): Problem {
  const bound = limit - problem.objectiveOffset;
  const { cost } = problem.columns;
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < cost.length; j += 1)
    if ((cost[j] ?? 0) !== 0) {
      indices.push(j);
      values.push(cost[j] ?? 0);
    }
  const m = numRows(problem);
  const { starts, indices: oldIndices, values: oldValues } = problem.matrix;
  const nnz = starts[m] ?? 0;
  const newStarts = new Int32Array(m + 2);
  newStarts.set(starts.subarray(0, m + 1));
  newStarts[m + 1] = nnz + indices.length;
  const newIndices = new Int32Array(nnz + indices.length);
  newIndices.set(oldIndices.subarray(0, nnz));
  newIndices.set(indices, nnz);
  const newValues = new Float64Array(nnz + values.length);
  newValues.set(oldValues.subarray(0, nnz));
  newValues.set(values, nnz);
  const extend = (array: Float64Array, value: number): Float64Array => {
    const out = new Float64Array(m + 1);
    out.set(array.subarray(0, m));
    out[m] = value;
    return out;
  };
  return {
    ...problem,
    objectiveOffset: next.objectiveOffset,
    columns: { ...problem.columns, cost: next.cost },
    rows: {
      names: [...problem.rows.names, name],
      lower: extend(problem.rows.lower, problem.sense === 'max' ? bound : -Infinity),
      upper: extend(problem.rows.upper, problem.sense === 'max' ? Infinity : bound),
    },
    matrix: { starts: newStarts, indices: newIndices, values: newValues },
  };
}
