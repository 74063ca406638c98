import { createLineBuffer, formatNumber, type TextSink, type WriteOptions } from './lp-format.js';
import { toSolverNames } from './names.js';
import { numColumns, numRows, validateProblem, type Problem } from './problem.js';

/** Options of the MPS writer. */
export interface MpsWriteOptions extends WriteOptions {
  /**
   * Whether to write an `OBJSENSE MAX` section for a max problem (default true). CBC ignores it and
   * GLPK rejects it, so adapters pass `false` and select maximisation on the command line instead.
   */
  readonly includeSense?: boolean;
  /** Append `FREE` to the NAME line (default false): CBC reads fixed-column MPS unless told so. */
  readonly markFree?: boolean;
}

/** Row type letter and right-hand side of a row, with its RANGES entry when it is ranged. */
function rowType(lower: number, upper: number): { type: 'E' | 'G' | 'L' | 'N'; rhs: number; range?: number } {
  if (lower === upper) return { type: 'E', rhs: lower };
  if (Number.isFinite(lower) && Number.isFinite(upper))
    return { type: 'G', rhs: lower, range: upper - lower };
  if (Number.isFinite(lower)) return { type: 'G', rhs: lower };
  if (Number.isFinite(upper)) return { type: 'L', rhs: upper };
  return { type: 'N', rhs: 0 };
}

/**
 * Writes a problem in free MPS format to a sink, readable by HiGHS, `cbc` and `glpsol --freemps`.
 *
 * Integer columns sit between MARKER lines and always get explicit bounds (`PL` for no upper
 * bound), since some readers default an unbounded integer column to binary. The offset is written as
 * `-RHS` of the objective row (HiGHS, CPLEX and CBC read it so; GLPK reads the opposite sign).
 *
 * @example writeMps(problem, (chunk) => stream.write(chunk));
 */
export function writeMps(problem: Problem, sink: TextSink, options: MpsWriteOptions = {}): void {
  validateProblem(problem);
  const style = options.names ?? 'indexed';
  const n = numColumns(problem);
  const m = numRows(problem);
  const columnNames = toSolverNames(problem.columns.names, 'c', style);
  const rowNames = toSolverNames(problem.rows.names, 'r', style);
  const objectiveName = rowNames.includes('obj') ? '__obj' : 'obj';
  const { cost, lower, upper, integer } = problem.columns;
  const out = createLineBuffer(sink);

  out.push(
    `NAME ${problem.name.replace(/\s+/g, '_') || 'reeflow'}${options.markFree === true ? ' FREE' : ''}`,
  );
  if (problem.sense === 'max' && options.includeSense !== false) {
    out.push('OBJSENSE');
    out.push('    MAX');
  }
  out.push('ROWS');
  out.push(` N ${objectiveName}`);
  const types = new Array<ReturnType<typeof rowType>>(m);
  for (let i = 0; i < m; i += 1) {
    const row = rowType(problem.rows.lower[i] ?? 0, problem.rows.upper[i] ?? 0);
    types[i] = row;
    out.push(` ${row.type} ${rowNames[i] ?? ''}`);
  }

  // The matrix is stored by row; MPS lists it by column, so transpose once (counting sort).
  const { starts, indices, values } = problem.matrix;
  const columnStarts = new Int32Array(n + 1);
  for (let k = 0; k < indices.length; k += 1)
    columnStarts[(indices[k] ?? 0) + 1] = (columnStarts[(indices[k] ?? 0) + 1] ?? 0) + 1;
  for (let j = 0; j < n; j += 1) columnStarts[j + 1] = (columnStarts[j + 1] ?? 0) + (columnStarts[j] ?? 0);
  const fill = columnStarts.slice(0, n);
  const columnRows = new Int32Array(indices.length);
  const columnValues = new Float64Array(indices.length);
  for (let i = 0; i < m; i += 1) {
    const end = starts[i + 1] ?? 0;
    for (let k = starts[i] ?? 0; k < end; k += 1) {
      const j = indices[k] ?? 0;
      const at = fill[j] ?? 0;
      columnRows[at] = i;
      columnValues[at] = values[k] ?? 0;
      fill[j] = at + 1;
    }
  }

  out.push('COLUMNS');
  let inInteger = false;
  let markers = 0;
  for (let j = 0; j < n; j += 1) {
    const isInteger = integer[j] === 1;
    if (isInteger !== inInteger) {
      out.push(` MARKER${markers} 'MARKER' '${isInteger ? 'INTORG' : 'INTEND'}'`);
      markers += 1;
      inInteger = isInteger;
    }
    const name = columnNames[j] ?? '';
    const c = cost[j] ?? 0;
    const start = columnStarts[j] ?? 0;
    const end = columnStarts[j + 1] ?? 0;
    // A column must appear in COLUMNS even with no cost and no rows, or readers drop it.
    if (c !== 0 || start === end) out.push(` ${name} ${objectiveName} ${formatNumber(c)}`);
    for (let k = start; k < end; k += 1) {
      out.push(` ${name} ${rowNames[columnRows[k] ?? 0] ?? ''} ${formatNumber(columnValues[k] ?? 0)}`);
    }
  }
  if (inInteger) out.push(` MARKER${markers} 'MARKER' 'INTEND'`);

  out.push('RHS');
  const offset = problem.objectiveOffset;
  if (options.includeOffset !== false && offset !== 0)
    out.push(` RHS ${objectiveName} ${formatNumber(-offset)}`);
  for (let i = 0; i < m; i += 1) {
    const rhs = types[i]?.rhs ?? 0;
    if (rhs !== 0) out.push(` RHS ${rowNames[i] ?? ''} ${formatNumber(rhs)}`);
  }

  const ranged: number[] = [];
  for (let i = 0; i < m; i += 1) if (types[i]?.range !== undefined) ranged.push(i);
  if (ranged.length > 0) {
    out.push('RANGES');
    for (const i of ranged) out.push(` RNG ${rowNames[i] ?? ''} ${formatNumber(types[i]?.range ?? 0)}`);
  }

  out.push('BOUNDS');
  for (let j = 0; j < n; j += 1) {
    const lo = lower[j] ?? 0;
    const up = upper[j] ?? 0;
    const name = columnNames[j] ?? '';
    if (lo === up) {
      out.push(` FX BND ${name} ${formatNumber(lo)}`);
      continue;
    }
    if (lo === -Infinity && up === Infinity) {
      out.push(` FR BND ${name}`);
      continue;
    }
    if (lo === -Infinity) out.push(` MI BND ${name}`);
    else if (lo !== 0 || integer[j] === 1) out.push(` LO BND ${name} ${formatNumber(lo)}`);
    if (up !== Infinity) out.push(` UP BND ${name} ${formatNumber(up)}`);
    else if (integer[j] === 1) out.push(` PL BND ${name}`);
  }
  out.push('ENDATA');
  out.flush();
}

/**
 * Returns a problem as free MPS text, for exports and tests; large problems should use {@link writeMps}.
 *
 * @example const text = toMpsFormat(problem, { names: 'readable' });
 */
export function toMpsFormat(problem: Problem, options: MpsWriteOptions = {}): string {
  const chunks: string[] = [];
  writeMps(problem, (chunk) => chunks.push(chunk), options);
  return chunks.join('');
}
