/** The native HiGHS binary (`highs`) driven through its command line and an options file. */
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

const highsStatusWords: Readonly<Record<string, SolveStatus>> = {
  Optimal: 'optimal',
  Infeasible: 'infeasible',
  'Primal infeasible or unbounded': 'infeasible',
  Unbounded: 'unbounded',
  'Time limit reached': 'time-limit',
  'Iteration limit reached': 'time-limit',
  Interrupted: 'time-limit',
};

/** Parses the HiGHS raw solution file (`write_solution_style` 0), as the native `highs` binary writes it. */
export function parseHighsSolution(text: string, problem: Problem): ParsedSolution {
  const lines = text.split('\n').map((line) => line.trim());
  const statusWord = lines[lines.indexOf('Model status') + 1] ?? '';
  const status = highsStatusWords[statusWord] ?? 'error';
  const values = new Float64Array(numColumns(problem));
  const rowDuals = new Float64Array(numRows(problem));
  const reducedCosts = new Float64Array(numColumns(problem));
  let hasSolution = false;
  let hasDuals = false;
  const readBlock = (start: number, target: Float64Array, prefix: 'c' | 'r'): number => {
    const count = Number((lines[start] ?? '').split(' ')[2]);
    for (let k = 1; k <= count; k += 1) {
      const [name = '', value = ''] = (lines[start + k] ?? '').split(/\s+/);
      const index = fromIndexedName(name, prefix);
      if (index !== undefined && index < target.length) target[index] = Number(value);
    }
    return start + count + 1;
  };
  const primalAt = lines.indexOf('# Primal solution values');
  if (primalAt >= 0 && lines[primalAt + 1] === 'Feasible') {
    hasSolution = true;
    const columnsAt = lines.findIndex((line, k) => k > primalAt && line.startsWith('# Columns'));
    if (columnsAt >= 0) readBlock(columnsAt, values, 'c');
  }
  const dualAt = lines.indexOf('# Dual solution values');
  if (dualAt >= 0 && lines[dualAt + 1] === 'Feasible') {
    hasDuals = true;
    const columnsAt = lines.findIndex((line, k) => k > dualAt && line.startsWith('# Columns'));
    if (columnsAt >= 0) readBlock(readBlock(columnsAt, reducedCosts, 'c'), rowDuals, 'r');
  }
  return {
    status,
    hasSolution: hasSolution && (status === 'optimal' || status === 'time-limit'),
    values,
    ...(hasDuals && status === 'optimal' ? { rowDuals, reducedCosts } : {}),
    ...(status === 'error' ? { message: `highs: model status "${statusWord}"` } : {}),
  };
}

function planHighsRun(problem: Problem, options: SolveOptions, mpsFile: string, directory: string): RunPlan {
  const lp = !isMip(problem);
  const method = options.method ?? 'auto';
  const solutionFile = join(directory, 'solution.txt');
  const optionsFile = join(directory, 'highs.options');
  const lines = ['write_solution_style = 0', 'output_flag = true'];
  if (options.timeLimitSeconds !== undefined) lines.push(`time_limit = ${options.timeLimitSeconds}`);
  if (options.mipGap !== undefined) lines.push(`mip_rel_gap = ${options.mipGap}`);
  if (options.threads !== undefined && options.threads > 0) lines.push(`threads = ${options.threads}`);
  if (options.presolve !== undefined) lines.push(`presolve = ${options.presolve ? 'on' : 'off'}`);
  if (lp && method === 'ipm') lines.push('solver = ipm', 'run_crossover = on');
  if (lp && method === 'simplex') lines.push('solver = simplex');
  return {
    args: [mpsFile, '--options_file', optionsFile, '--solution_file', solutionFile],
    solutionFile,
    files: { [optionsFile]: lines.join('\n') + '\n' },
  };
}

/** Native HiGHS: reads OBJSENSE and the objective RHS as standard. */
export const highsNativeDriver: NativeDriver = {
  binary: 'highs',
  capabilities: NATIVE_CAPABILITIES,
  mps: { includeSense: true, markFree: false },
  planRun: planHighsRun,
  parse: (text, problem) => parseHighsSolution(text, problem),
};
