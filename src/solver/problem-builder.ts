/**
 * Building a problem incrementally: columns and rows are appended to growable typed arrays, each
 * call validated, so a planner can add millions of entries without intermediate objects.
 */
import { badProblem, boundsIssue, type ObjectiveSense, type Problem, type Term } from './problem.js';

/** Bounds, cost and integrality of a new column; defaults are the LP convention `0 ≤ x`, cost 0. */
export interface ColumnSpec {
  readonly lower?: number;
  readonly upper?: number;
  readonly cost?: number;
  readonly integer?: boolean;
}

/** Bounds of a new row's activity; omitted bounds are infinite (a free row). */
export interface RowSpec {
  readonly lower?: number;
  readonly upper?: number;
}

/** Options of {@link createProblemBuilder}. */
export interface ProblemBuilderOptions {
  readonly name?: string;
  readonly sense?: ObjectiveSense;
  readonly objectiveOffset?: number;
  /** Reject a repeated column or row name (default true): results are keyed by name downstream. */
  readonly uniqueNames?: boolean;
}

/** Incremental assembly of a {@link Problem}; every method validates its input and throws `SOLVER_BAD_PROBLEM`. */
export interface ProblemBuilder {
  /** Adds a column and returns its index, which the caller keeps to write rows and read values. */
  addColumn(name: string, spec?: ColumnSpec): number;
  /** Adds a row over existing columns; repeated columns are summed, zero coefficients dropped. */
  addRow(name: string, terms: readonly Term[], spec?: RowSpec): number;
  /**
   * {@link addRow} with the terms packed flat, `[column, coefficient, column, coefficient, …]`, so
   * a caller that collects terms in one list needs no tuple per term.
   */
  addPackedRow(name: string, packed: ArrayLike<number>, spec?: RowSpec): number;
  /** Adds to a column's objective coefficient, for costs that come from several model parts. */
  addCost(column: number, cost: number): void;
  /** Adds a constant to the objective, for costs that do not depend on any decision. */
  addObjectiveOffset(offset: number): void;
  readonly numColumns: number;
  readonly numRows: number;
  /** Returns the finished problem; the builder may keep being used and built again. */
  build(): Problem;
}

function growFloat(array: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const next = new Float64Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

function growInt(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const next = new Int32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

function growByte(array: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const next = new Uint8Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Creates a builder that assembles a problem in growable typed arrays, so planners can add rows
 * as they read the model without knowing its size in advance.
 *
 * @example
 * const b = createProblemBuilder({ sense: 'min' });
 * const x = b.addColumn('flow[a,b]', { cost: 3 });
 * b.addRow('demand[b]', [[x, 1]], { lower: 10 });
 * const problem = b.build();
 */
export function createProblemBuilder(options: ProblemBuilderOptions = {}): ProblemBuilder {
  const name = options.name ?? 'reeflow';
  const sense = options.sense ?? 'min';
  const uniqueNames = options.uniqueNames ?? true;
  let offset = options.objectiveOffset ?? 0;
  if (!Number.isFinite(offset)) throw badProblem(`objective offset ${offset} is not finite`);

  const columnNames: string[] = [];
  let colLower = new Float64Array(64);
  let colUpper = new Float64Array(64);
  let colCost = new Float64Array(64);
  let colInteger = new Uint8Array(64);

  const rowNames: string[] = [];
  let rowLower = new Float64Array(64);
  let rowUpper = new Float64Array(64);
  let starts = new Int32Array(65);
  let indices = new Int32Array(256);
  let values = new Float64Array(256);
  let nonzeros = 0;

  const seenColumns = new Set<string>();
  const seenRows = new Set<string>();
  // Position of each column in the row being added, tagged by row number, to merge repeats in O(terms).
  let mark = new Int32Array(64).fill(-1);
  let markPosition = new Int32Array(64);

  function checkName(kind: 'column' | 'row', n: string, seen: Set<string>): void {
    if (typeof n !== 'string' || n.length === 0) throw badProblem(`${kind} names must be non-empty strings`);
    if (!uniqueNames) return;
    if (seen.has(n))
      throw badProblem(`${kind} name "${n}" is used twice; names key the results, make it unique`);
    seen.add(n);
  }

  /** Checks a new row's bounds and makes room for its terms; returns where its terms start. */
  function startRow(rowName: string, spec: RowSpec, numTerms: number): number {
    const issue = boundsIssue(spec.lower ?? -Infinity, spec.upper ?? Infinity);
    if (issue !== undefined) throw badProblem(`row "${rowName}": ${issue}`);
    const numColumns = columnNames.length;
    if (mark.length < numColumns) {
      const grown = new Int32Array(Math.max(numColumns, mark.length * 2)).fill(-1);
      grown.set(mark);
      mark = grown;
      markPosition = growInt(markPosition, mark.length);
    }
    indices = growInt(indices, nonzeros + numTerms);
    values = growFloat(values, nonzeros + numTerms);
    return nonzeros;
  }

  /** Forgets the terms of a row being added, when one of them is invalid. */
  function abandonRow(rowStart: number): void {
    for (let k = rowStart; k < nonzeros; k += 1) mark[indices[k] ?? 0] = -1;
    nonzeros = rowStart;
  }

  /** Appends one term to the row being added (row number `rowNames.length`), summing a repeated column. */
  function addTerm(rowName: string, rowStart: number, column: number, coefficient: number): void {
    const numColumns = columnNames.length;
    if (!Number.isInteger(column) || column < 0 || column >= numColumns) {
      abandonRow(rowStart);
      throw badProblem(`row "${rowName}": column index ${column} is not one of the ${numColumns} columns`);
    }
    if (!Number.isFinite(coefficient)) {
      abandonRow(rowStart);
      throw badProblem(
        `row "${rowName}": coefficient ${coefficient} of column "${columnNames[column] ?? column}" is not finite`,
      );
    }
    const i = rowNames.length;
    if (mark[column] === i) {
      const at = markPosition[column] ?? 0;
      values[at] = (values[at] ?? 0) + coefficient;
      return;
    }
    mark[column] = i;
    markPosition[column] = nonzeros;
    indices[nonzeros] = column;
    values[nonzeros] = coefficient;
    nonzeros += 1;
  }

  /** Drops the row's zero entries (solvers treat them as absent anyway), names it and sets its bounds. */
  function finishRow(rowName: string, spec: RowSpec, rowStart: number): number {
    try {
      checkName('row', rowName, seenRows);
    } catch (error) {
      abandonRow(rowStart);
      throw error;
    }
    let kept = rowStart;
    for (let k = rowStart; k < nonzeros; k += 1) {
      const value = values[k] ?? 0;
      if (value === 0) continue;
      indices[kept] = indices[k] ?? 0;
      values[kept] = value;
      kept += 1;
    }
    nonzeros = kept;
    const i = rowNames.length;
    rowLower = growFloat(rowLower, i + 1);
    rowUpper = growFloat(rowUpper, i + 1);
    starts = growInt(starts, i + 2);
    rowNames.push(rowName);
    rowLower[i] = spec.lower ?? -Infinity;
    rowUpper[i] = spec.upper ?? Infinity;
    starts[i + 1] = nonzeros;
    return i;
  }

  return {
    get numColumns() {
      return columnNames.length;
    },
    get numRows() {
      return rowNames.length;
    },

    addColumn(columnName, spec = {}) {
      const lower = spec.lower ?? 0;
      const upper = spec.upper ?? Infinity;
      const cost = spec.cost ?? 0;
      const issue = boundsIssue(lower, upper);
      if (issue !== undefined) throw badProblem(`column "${columnName}": ${issue}`);
      if (!Number.isFinite(cost)) throw badProblem(`column "${columnName}": cost ${cost} is not finite`);
      checkName('column', columnName, seenColumns);
      const j = columnNames.length;
      colLower = growFloat(colLower, j + 1);
      colUpper = growFloat(colUpper, j + 1);
      colCost = growFloat(colCost, j + 1);
      colInteger = growByte(colInteger, j + 1);
      columnNames.push(columnName);
      colLower[j] = lower;
      colUpper[j] = upper;
      colCost[j] = cost;
      colInteger[j] = spec.integer === true ? 1 : 0;
      return j;
    },

    addRow(rowName, terms, spec = {}) {
      const rowStart = startRow(rowName, spec, terms.length);
      for (const [column, coefficient] of terms) addTerm(rowName, rowStart, column, coefficient);
      return finishRow(rowName, spec, rowStart);
    },

    addPackedRow(rowName, packed, spec = {}) {
      if (packed.length % 2 !== 0)
        throw badProblem(`row "${rowName}": packed terms have odd length ${packed.length}`);
      const rowStart = startRow(rowName, spec, packed.length / 2);
      for (let k = 0; k < packed.length; k += 2)
        addTerm(rowName, rowStart, packed[k] ?? NaN, packed[k + 1] ?? NaN);
      return finishRow(rowName, spec, rowStart);
    },

    addCost(column, cost) {
      if (!Number.isInteger(column) || column < 0 || column >= columnNames.length) {
        throw badProblem(`addCost: column index ${column} is not one of the ${columnNames.length} columns`);
      }
      if (!Number.isFinite(cost))
        throw badProblem(`addCost: cost ${cost} of column "${columnNames[column] ?? column}" is not finite`);
      colCost[column] = (colCost[column] ?? 0) + cost;
    },

    addObjectiveOffset(delta) {
      if (!Number.isFinite(delta)) throw badProblem(`objective offset ${delta} is not finite`);
      offset += delta;
    },

    build() {
      const n = columnNames.length;
      const m = rowNames.length;
      return {
        name,
        sense,
        objectiveOffset: offset,
        columns: {
          names: columnNames.slice(),
          lower: colLower.slice(0, n),
          upper: colUpper.slice(0, n),
          cost: colCost.slice(0, n),
          integer: colInteger.slice(0, n),
        },
        rows: { names: rowNames.slice(), lower: rowLower.slice(0, m), upper: rowUpper.slice(0, m) },
        matrix: {
          starts: starts.slice(0, m + 1),
          indices: indices.slice(0, nonzeros),
          values: values.slice(0, nonzeros),
        },
      };
    },
  };
}
