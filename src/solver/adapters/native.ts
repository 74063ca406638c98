import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SolverError } from '../errors.js';
import { writeMps } from '../mps-format.js';
import { fromIndexedName } from '../names.js';
import {
  computeObjective,
  computeRowActivities,
  isMip,
  numColumns,
  numRows,
  validateProblem,
  type Problem,
} from '../problem.js';
import {
  emptySolution,
  throwIfAborted,
  validateSolveOptions,
  type SolveOptions,
  type SolveStatus,
  type Solver,
  type SolverCapabilities,
} from '../solver.js';

/** Solvers this adapter can drive through their command line. */
export type NativeSolverName = 'cbc' | 'highs-native' | 'glpk';

const binaries: Readonly<Record<NativeSolverName, string>> = {
  cbc: 'cbc',
  'highs-native': 'highs',
  glpk: 'glpsol',
};

const capabilities: Readonly<Record<NativeSolverName, SolverCapabilities>> = {
  cbc: {
    mip: true,
    duals: true,
    timeLimit: true,
    mipGap: true,
    threads: true,
    methods: ['auto', 'simplex', 'ipm'],
    progress: false,
  },
  'highs-native': {
    mip: true,
    duals: true,
    timeLimit: true,
    mipGap: true,
    threads: true,
    methods: ['auto', 'simplex', 'ipm'],
    progress: false,
  },
  glpk: {
    mip: true,
    duals: true,
    timeLimit: true,
    mipGap: true,
    threads: false,
    methods: ['auto', 'simplex', 'ipm'],
    progress: false,
  },
};

/** Options of {@link createNativeSolver}. */
export interface NativeSolverOptions {
  /** Path of the binary; by default it is looked up on PATH. */
  readonly binary?: string;
  /** Directory for the temporary MPS and solution files (default: the OS temp directory). */
  readonly tempDirectory?: string;
  /** PATH to search; the CLI passes `process.env.PATH`, tests may pass their own. */
  readonly path?: string;
}

function findOnPath(binary: string, path: string): string | undefined {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return undefined;
}

/**
 * Lists the native solvers installed on PATH, so a caller can offer them or fall back to HiGHS WASM.
 *
 * @example const names = findNativeSolvers(process.env.PATH ?? ''); // ['cbc', 'glpk']
 */
export function findNativeSolvers(path: string): NativeSolverName[] {
  return (Object.keys(binaries) as NativeSolverName[]).filter(
    (name) => findOnPath(binaries[name], path) !== undefined,
  );
}

/** What a solver's solution file told us, before it becomes a `Solution`. */
interface ParsedSolution {
  readonly status: SolveStatus;
  readonly hasSolution: boolean;
  readonly values: Float64Array;
  readonly rowDuals?: Float64Array;
  readonly reducedCosts?: Float64Array;
  readonly message?: string;
}

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

interface RunPlan {
  readonly args: string[];
  readonly solutionFile: string;
  readonly files?: Readonly<Record<string, string>>;
}

function planRun(
  name: NativeSolverName,
  problem: Problem,
  options: SolveOptions,
  mpsFile: string,
  directory: string,
): RunPlan {
  const max = problem.sense === 'max';
  const lp = !isMip(problem);
  const method = options.method ?? 'auto';
  const solutionFile = join(directory, 'solution.txt');
  if (name === 'cbc') {
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
  if (name === 'glpk') {
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

function runProcess(
  binary: string,
  args: readonly string[],
  cwd: string,
  signal: AbortSignal | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ code, output });
    });
  });
}

/**
 * Creates a solver that writes the problem as MPS, runs a native binary (`cbc`, `glpsol`, `highs`)
 * and reads its solution file back, for models too large for the WebAssembly heap or to cross-check HiGHS.
 *
 * @example const solution = await createNativeSolver('cbc', { path: process.env.PATH ?? '' }).solve(problem);
 */
export function createNativeSolver(name: NativeSolverName, options: NativeSolverOptions = {}): Solver {
  const binary = options.binary ?? findOnPath(binaries[name], options.path ?? '');
  return {
    name,
    capabilities: capabilities[name],
    async solve(problem, solveOptions = {}) {
      validateProblem(problem);
      validateSolveOptions(solveOptions);
      throwIfAborted(solveOptions.signal);
      if (binary === undefined)
        throw new SolverError(
          'SOLVER_UNAVAILABLE',
          `${binaries[name]} was not found on PATH; install it or choose another solver`,
        );
      const started = performance.now();
      const directory = mkdtempSync(join(options.tempDirectory ?? tmpdir(), 'reeflow-solve-'));
      try {
        const mpsFile = join(directory, 'problem.mps');
        const fd = openSync(mpsFile, 'w');
        try {
          // HiGHS reads OBJSENSE and the objective RHS as standard; CBC and GLPK get flags instead.
          const native = name === 'highs-native';
          writeMps(problem, (chunk) => writeSync(fd, chunk), {
            names: 'indexed',
            includeOffset: false,
            includeSense: native,
            markFree: name === 'cbc',
          });
        } finally {
          closeSync(fd);
        }
        const plan = planRun(name, problem, solveOptions, mpsFile, directory);
        for (const [file, text] of Object.entries(plan.files ?? {})) {
          const handle = openSync(file, 'w');
          writeSync(handle, text);
          closeSync(handle);
        }
        const { code, output } = await runProcess(binary, plan.args, directory, solveOptions.signal);
        throwIfAborted(solveOptions.signal);
        const seconds = (performance.now() - started) / 1000;
        let text: string;
        try {
          text = readFileSync(plan.solutionFile, 'utf8');
        } catch {
          return emptySolution(problem, {
            status: 'error',
            solver: name,
            solveSeconds: seconds,
            message: `${binaries[name]} exited with code ${code} and wrote no solution: ${output.slice(-500)}`,
          });
        }
        const parsed =
          name === 'cbc'
            ? parseCbcSolution(text, problem)
            : name === 'glpk'
              ? parseGlpkSolution(text, problem, output)
              : parseHighsSolution(text, problem);
        if (!parsed.hasSolution) {
          return emptySolution(problem, {
            status: parsed.status,
            solver: name,
            solveSeconds: seconds,
            ...(parsed.message === undefined ? {} : { message: parsed.message }),
          });
        }
        const mip = isMip(problem);
        return {
          status: parsed.status,
          solver: name,
          hasSolution: true,
          // Computed here, not read from the file: the solvers disagree on the MPS objective constant.
          objective: computeObjective(problem, parsed.values),
          values: parsed.values,
          rowActivities: computeRowActivities(problem, parsed.values),
          ...(!mip && parsed.status === 'optimal' && parsed.rowDuals !== undefined
            ? { rowDuals: parsed.rowDuals }
            : {}),
          ...(!mip && parsed.status === 'optimal' && parsed.reducedCosts !== undefined
            ? { reducedCosts: parsed.reducedCosts }
            : {}),
          ...(parsed.message === undefined ? {} : { message: parsed.message }),
          solveSeconds: seconds,
        };
      } catch (error) {
        if (error instanceof SolverError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return emptySolution(problem, {
          status: 'error',
          solver: name,
          solveSeconds: (performance.now() - started) / 1000,
          message,
        });
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
    dispose() {
      return Promise.resolve();
    },
  };
}
