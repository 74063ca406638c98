import { toSolverNames, type NameStyle } from './names.js';
import { isMip, numColumns, numRows, validateProblem, type Problem } from './problem.js';

/** Receives a file's text in pieces, so a 1e6-column problem streams to disk without one giant string. */
export type TextSink = (chunk: string) => void;

/** Options of the LP and MPS writers. */
export interface WriteOptions {
  /** `indexed` (default) writes `c<j>`/`r<i>`; `readable` writes the caller's names, sanitised. */
  readonly names?: NameStyle;
  /**
   * Whether to write the objective offset (default true). GLPK's LP reader rejects an objective
   * constant and reads an MPS objective RHS with the opposite sign to HiGHS, CPLEX and CBC, so
   * adapters write `false` and add the offset back themselves.
   */
  readonly includeOffset?: boolean;
}

const chunkLines = 4096;

/**
 * Collects lines and hands them to a sink in blocks; joining a few thousand short strings at a
 * time keeps memory flat where `+=` on one huge string would copy it over and over.
 */
export function createLineBuffer(sink: TextSink): { push(line: string): void; flush(): void } {
  let lines: string[] = [];
  return {
    push(line) {
      lines.push(line);
      if (lines.length >= chunkLines) {
        sink(lines.join('\n') + '\n');
        lines = [];
      }
    },
    flush() {
      if (lines.length > 0) sink(lines.join('\n') + '\n');
      lines = [];
    },
  };
}

/** Shortest text that reads back as the same double. */
export function formatNumber(value: number): string {
  return String(value);
}

function signedTerm(coefficient: number, name: string): string {
  return coefficient < 0
    ? ` - ${formatNumber(-coefficient)} ${name}`
    : ` + ${formatNumber(coefficient)} ${name}`;
}

/** Names of the auxiliary columns that carry ranged rows, unique among the column names. */
function rangeColumnNames(
  problem: Problem,
  columnNames: readonly string[],
  rowNames: readonly string[],
  style: NameStyle,
): Map<number, string> {
  const ranged = new Map<number, string>();
  const used = new Set(columnNames);
  const { lower, upper } = problem.rows;
  for (let i = 0; i < lower.length; i += 1) {
    const lo = lower[i] ?? 0;
    const up = upper[i] ?? 0;
    if (!(Number.isFinite(lo) && Number.isFinite(up) && lo !== up)) continue;
    let name = style === 'indexed' ? `q${i}` : `${rowNames[i] ?? i}_range`;
    while (used.has(name)) name = `${name}_${i}`;
    used.add(name);
    ranged.set(i, name);
  }
  return ranged;
}

/**
 * Writes a problem in CPLEX LP format to a sink, readable by HiGHS, `glpsol --lp` and `cbc`.
 *
 * A ranged row `L ≤ a·x ≤ U` is written `a·x - s = 0` with a column `L ≤ s ≤ U` (as GLPK does),
 * because HiGHS's LP reader does not parse double-sided rows; the row's dual is unchanged.
 *
 * @example writeLp(problem, (chunk) => stream.write(chunk), { names: 'readable' });
 */
export function writeLp(problem: Problem, sink: TextSink, options: WriteOptions = {}): void {
  validateProblem(problem);
  const style = options.names ?? 'indexed';
  const n = numColumns(problem);
  const m = numRows(problem);
  const columnNames = toSolverNames(problem.columns.names, 'c', style);
  const rowNames = toSolverNames(problem.rows.names, 'r', style);
  const rangeNames = rangeColumnNames(problem, columnNames, rowNames, style);
  const { cost, lower, upper, integer } = problem.columns;
  const { starts, indices, values } = problem.matrix;
  const out = createLineBuffer(sink);

  // CBC drops a column that appears nowhere but in Bounds, so such columns get a 0 objective term.
  const appears = new Uint8Array(n);
  for (let k = 0; k < indices.length; k += 1) appears[indices[k] ?? 0] = 1;

  out.push(`\\ Problem: ${problem.name.replace(/[\r\n]/g, ' ')}`);
  out.push(problem.sense === 'max' ? 'Maximize' : 'Minimize');
  let objective: string[] = [' obj:'];
  let objectiveTerms = 0;
  for (let j = 0; j < n; j += 1) {
    const c = cost[j] ?? 0;
    if (c === 0 && appears[j] === 1) continue;
    objective.push(signedTerm(c, columnNames[j] ?? ''));
    objectiveTerms += 1;
    if (objective.length >= 8) {
      out.push(objective.join(''));
      objective = [' '];
    }
  }
  // GLPK rejects an empty objective, so a problem without costs gets `0 <first column>`.
  if (objectiveTerms === 0 && n > 0) objective.push(` 0 ${columnNames[0] ?? ''}`);
  const offset = problem.objectiveOffset;
  if (options.includeOffset !== false && offset !== 0)
    objective.push(offset < 0 ? ` - ${formatNumber(-offset)}` : ` + ${formatNumber(offset)}`);
  out.push(objective.join(''));

  out.push('Subject To');
  for (let i = 0; i < m; i += 1) {
    const lo = problem.rows.lower[i] ?? 0;
    const up = problem.rows.upper[i] ?? 0;
    let line: string[] = [` ${rowNames[i] ?? ''}:`];
    const start = starts[i] ?? 0;
    const end = starts[i + 1] ?? 0;
    for (let k = start; k < end; k += 1) {
      line.push(signedTerm(values[k] ?? 0, columnNames[indices[k] ?? 0] ?? ''));
      if (line.length >= 8) {
        out.push(line.join(''));
        line = [' '];
      }
    }
    if (end === start && n > 0) line.push(` 0 ${columnNames[0] ?? ''}`);
    const rangeName = rangeNames.get(i);
    if (rangeName !== undefined) line.push(` - ${rangeName} = 0`);
    else if (lo === up) line.push(` = ${formatNumber(lo)}`);
    else if (Number.isFinite(lo)) line.push(` >= ${formatNumber(lo)}`);
    else if (Number.isFinite(up)) line.push(` <= ${formatNumber(up)}`);
    // A free row: LP has no syntax for it, so it gets an always-true bound.
    else line.push(' >= -1e+30');
    out.push(line.join(''));
  }

  out.push('Bounds');
  for (let j = 0; j < n; j += 1) {
    const lo = lower[j] ?? 0;
    const up = upper[j] ?? 0;
    const name = columnNames[j] ?? '';
    if (lo === up) out.push(` ${name} = ${formatNumber(lo)}`);
    else if (lo === -Infinity && up === Infinity) out.push(` ${name} free`);
    else if (lo === 0 && up === Infinity) continue;
    else
      out.push(
        ` ${lo === -Infinity ? '-inf' : formatNumber(lo)} <= ${name} <= ${up === Infinity ? '+inf' : formatNumber(up)}`,
      );
  }
  for (const [i, name] of rangeNames) {
    out.push(
      ` ${formatNumber(problem.rows.lower[i] ?? 0)} <= ${name} <= ${formatNumber(problem.rows.upper[i] ?? 0)}`,
    );
  }

  if (isMip(problem)) {
    out.push('General');
    for (let j = 0; j < n; j += 1) if (integer[j] === 1) out.push(` ${columnNames[j] ?? ''}`);
  }
  out.push('End');
  out.flush();
}

/**
 * Returns a problem as CPLEX LP text, for exports and tests; large problems should use {@link writeLp}.
 *
 * @example const text = toLpFormat(problem, { names: 'readable' });
 */
export function toLpFormat(problem: Problem, options: WriteOptions = {}): string {
  const chunks: string[] = [];
  writeLp(problem, (chunk) => chunks.push(chunk), options);
  return chunks.join('');
}
