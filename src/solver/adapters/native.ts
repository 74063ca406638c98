/**
 * The native solver adapter: writes the problem as MPS, runs a solver binary found on PATH and reads
 * its solution file back. Each solver (cbc.ts, glpk.ts, highs-native.ts) is a `NativeDriver`.
 */
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
import { computeObjective, computeRowActivities, isMip, validateProblem } from '../problem.js';
import { emptySolution, throwIfAborted, validateSolveOptions, type Solver } from '../solver.js';
import { cbcDriver } from './cbc.js';
import { glpkDriver } from './glpk.js';
import { highsNativeDriver } from './highs-native.js';
import type { NativeDriver } from './native-driver.js';
import { definedFields } from '../../defined-fields.js';

/** Solvers this adapter can drive through their command line. */
export type NativeSolverName = 'cbc' | 'highs-native' | 'glpk';

const drivers: Readonly<Record<NativeSolverName, NativeDriver>> = {
  cbc: cbcDriver,
  'highs-native': highsNativeDriver,
  glpk: glpkDriver,
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
  return (Object.keys(drivers) as NativeSolverName[]).filter(
    (name) => findOnPath(drivers[name].binary, path) !== undefined,
  );
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
  const driver = drivers[name];
  const binary = options.binary ?? findOnPath(driver.binary, options.path ?? '');
  return {
    name,
    capabilities: driver.capabilities,
    async solve(problem, solveOptions = {}) {
      validateProblem(problem);
      validateSolveOptions(solveOptions);
      throwIfAborted(solveOptions.signal);
      if (binary === undefined)
        throw new SolverError(
          'SOLVER_UNAVAILABLE',
          `${driver.binary} was not found on PATH; install it or choose another solver`,
        );
      const started = performance.now();
      const directory = mkdtempSync(join(options.tempDirectory ?? tmpdir(), 'reeflow-solve-'));
      try {
        const mpsFile = join(directory, 'problem.mps');
        const fd = openSync(mpsFile, 'w');
        try {
          writeMps(problem, (chunk) => writeSync(fd, chunk), {
            names: 'indexed',
            includeOffset: false,
            includeSense: driver.mps.includeSense,
            markFree: driver.mps.markFree,
          });
        } finally {
          closeSync(fd);
        }
        const plan = driver.planRun(problem, solveOptions, mpsFile, directory);
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
            message: `${driver.binary} exited with code ${code} and wrote no solution: ${output.slice(-500)}`,
          });
        }
        const parsed = driver.parse(text, problem, output);
        if (!parsed.hasSolution) {
          return emptySolution(problem, {
            status: parsed.status,
            solver: name,
            solveSeconds: seconds,
            ...definedFields({ message: parsed.message }),
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
          ...definedFields({ message: parsed.message }),
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
