/** GLPK (`glpsol`) driven through its command line. */
import { join } from 'node:path';
import { isMip, numColumns, numRows, type Problem } from '../problem.js';
import type { SolveOptions, SolveStatus } from '../solver.js';
import {
  NATIVE_CAPABILITIES,
  type NativeDriver,
  type ParsedSolution,
  type RunPlan,
} from './native-driver.js';

// When GLPK's presolver settles the outcome it writes an undefined solution; only its log says why.
const glpkLogStatus: readonly (readonly [RegExp, SolveStatus])[] = [
  [/NO PRIMAL FEASIBLE SOLUTION|NO INTEGER FEASIBLE SOLUTION/, 'infeasible'],
  [/UNBOUNDED PRIMAL SOLUTION|NO DUAL FEASIBLE SOLUTION/, 'unbounded'],
  [/TIME LIMIT EXCEEDED/, 'time-limit'],
];

/** Parses GLPK's `--write` raw solution file (`s`, `i`, `j` lines, 1-based indices in MPS order) and its log. */
export function parseGlpkSolution(text: string, problem: Problem, log: string): ParsedSolution {
  const timeLimited = /TIME LIMIT EXCEEDED/.test(log);
  const values = new Float64Array(numColumns(problem));
  const rowDuals = new Float64Array(numRows(problem));
  const reducedCosts = new Float64Array(numColumns(problem));
  let kind = '';
  let status: SolveStatus = 'error';
  let hasSolution = false;
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const tag = fields[0];
    if (tag === 's') {
      kind = fields[1] ?? '';
      if (kind === 'bas') {
        const primal = fields[4];
        const dual = fields[5];
        if (primal === 'f' && dual === 'f') [status, hasSolution] = ['optimal', true];
        else if (primal === 'n' || primal === 'i') status = timeLimited ? 'time-limit' : 'infeasible';
        else if (primal === 'f' && dual === 'n') [status, hasSolution] = ['unbounded', false];
        else status = timeLimited ? 'time-limit' : 'error';
      } else if (kind === 'ipt') {
        const state = fields[4];
        if (state === 'o') [status, hasSolution] = ['optimal', true];
        else if (state === 'n') status = 'infeasible';
        else status = timeLimited ? 'time-limit' : 'error';
      } else if (kind === 'mip') {
        const state = fields[4];
        if (state === 'o') [status, hasSolution] = ['optimal', true];
        else if (state === 'f') [status, hasSolution] = ['time-limit', true];
        else if (state === 'n') status = timeLimited ? 'time-limit' : 'infeasible';
        else status = timeLimited ? 'time-limit' : 'error';
      }
      continue;
    }
    if (tag !== 'i' && tag !== 'j') continue;
    const index = Number(fields[1]) - 1;
    // Basic solutions carry a status letter before the numbers; interior and MIP ones do not.
    const numbers = kind === 'bas' ? fields.slice(3) : fields.slice(2);
    const value = Number(numbers[0]);
    const dual = Number(numbers[1]);
    if (tag === 'j' && index >= 0 && index < values.length) {
      values[index] = value;
      if (kind !== 'mip') reducedCosts[index] = dual;
    } else if (tag === 'i' && index >= 0 && index < rowDuals.length && kind !== 'mip') rowDuals[index] = dual;
  }
  if (status === 'error' || (!hasSolution && status !== 'infeasible' && status !== 'unbounded')) {
    status = glpkLogStatus.find(([pattern]) => pattern.test(log))?.[1] ?? status;
  }
  const duals = kind === 'mip' ? {} : { rowDuals, reducedCosts };
  return {
    status,
    hasSolution,
    values,
    ...duals,
    ...(status === 'error' ? { message: 'glpsol ended without an optimal or proven status' } : {}),
  };
}

function planGlpkRun(problem: Problem, options: SolveOptions, mpsFile: string, directory: string): RunPlan {
  const max = problem.sense === 'max';
  const lp = !isMip(problem);
  const method = options.method ?? 'auto';
  const solutionFile = join(directory, 'solution.txt');
  const args = ['--freemps', mpsFile];
  if (max) args.push('--max');
  if (options.timeLimitSeconds !== undefined)
    args.push('--tmlim', String(Math.max(1, Math.ceil(options.timeLimitSeconds))));
  if (options.mipGap !== undefined) args.push('--mipgap', String(options.mipGap));
  // GLPK's MIP solver needs its presolver to start from an LP relaxation it solves itself.
  if (options.presolve !== false) args.push('--presol');
  if (lp && method === 'ipm') args.push('--interior');
  args.push('-w', solutionFile);
  return { args, solutionFile };
}

/** GLPK: free MPS without OBJSENSE (the sense is `--max`); single-threaded. */
export const glpkDriver: NativeDriver = {
  binary: 'glpsol',
  capabilities: { ...NATIVE_CAPABILITIES, threads: false },
  mps: { includeSense: false, markFree: false },
  planRun: planGlpkRun,
  parse: parseGlpkSolution,
};
