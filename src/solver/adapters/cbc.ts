/** CBC (COIN-OR branch and cut) driven through its command line. */
import { join } from 'node:path';
import { fromIndexedName } from '../names.js';
import { isMip, numColumns, numRows, type Problem } from '../problem.js';
import type { SolveOptions, SolveStatus } from '../solver.js';
import {
  NATIVE_CAPABILITIES,
  type NativeDriver,
  type ParsedSolution,
  type RunPlan,
} from './native-driver.js';

function cbcStatus(line: string): { status: SolveStatus; hasSolution: boolean } {
  const lower = line.toLowerCase();
  if (lower.startsWith('optimal')) return { status: 'optimal', hasSolution: true };
  if (lower.startsWith('unbounded') || lower.startsWith('dual infeasible'))
    return { status: 'unbounded', hasSolution: false };
  if (lower.includes('infeasible')) return { status: 'infeasible', hasSolution: false };
  if (lower.startsWith('stopped')) {
    const objective = Number(/objective value\s+(\S+)/.exec(line)?.[1]);
    return { status: 'time-limit', hasSolution: Number.isFinite(objective) && Math.abs(objective) < 1e49 };
  }
  return { status: 'error', hasSolution: false };
}

/** Parses CBC's `-printingOptions all -solution` file: a status line, then `index name value dual` per row and column. */
export function parseCbcSolution(text: string, problem: Problem): ParsedSolution {
  const lines = text.split('\n');
  const head = lines[0] ?? '';
  const { status, hasSolution } = cbcStatus(head);
  const values = new Float64Array(numColumns(problem));
  const rowDuals = new Float64Array(numRows(problem));
  const reducedCosts = new Float64Array(numColumns(problem));
  for (let k = 1; k < lines.length; k += 1) {
    // Infeasible entries are flagged with a leading `**`.
    const fields = (lines[k] ?? '')
      .replace(/^\s*\*\*/, '')
      .trim()
      .split(/\s+/);
    if (fields.length < 4) continue;
    const name = fields[1] ?? '';
    const value = Number(fields[2]);
    const dual = Number(fields[3]);
    const column = fromIndexedName(name, 'c');
    if (column !== undefined && column < values.length) {
      values[column] = value;
      reducedCosts[column] = dual;
      continue;
    }
    const row = fromIndexedName(name, 'r');
    if (row !== undefined && row < rowDuals.length) rowDuals[row] = dual;
  }
  return {
    status,
    hasSolution,
    values,
    rowDuals,
    reducedCosts,
    ...(status === 'error' ? { message: `cbc: ${head}` } : {}),
  };
}

function planCbcRun(problem: Problem, options: SolveOptions, mpsFile: string, directory: string): RunPlan {
  const max = problem.sense === 'max';
  const lp = !isMip(problem);
  const method = options.method ?? 'auto';
  const solutionFile = join(directory, 'solution.txt');
  const args = [mpsFile];
  if (max) args.push('-max');
  if (options.timeLimitSeconds !== undefined) args.push('-sec', String(options.timeLimitSeconds));
  if (options.mipGap !== undefined) args.push('-ratioGap', String(options.mipGap));
  if (options.threads !== undefined && options.threads > 0) args.push('-threads', String(options.threads));
  if (options.presolve === false) args.push('-presolve', 'off');
  args.push(lp && method === 'ipm' ? '-barrier' : lp && method === 'simplex' ? '-dualSimplex' : '-solve');
  args.push('-printingOptions', 'all', '-solution', solutionFile);
  return { args, solutionFile };
}

/** CBC: reads MPS without OBJSENSE (the sense is `-max`) and needs free rows marked. */
export const cbcDriver: NativeDriver = {
  binary: 'cbc',
  capabilities: NATIVE_CAPABILITIES,
  mps: { includeSense: false, markFree: true },
  planRun: planCbcRun,
  parse: (text, problem) => parseCbcSolution(text, problem),
};
