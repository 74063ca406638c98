/**
 * What the native solver adapter (native.ts) needs to know about one solver binary: its name on
 * PATH, its capabilities, how it reads MPS, its command line and how to read its solution file.
 */
import type { Problem } from '../problem.js';
import type { SolveOptions, SolveStatus, SolverCapabilities } from '../solver.js';

/** What a solver's solution file told us, before it becomes a `Solution`. */
export interface ParsedSolution {
  readonly status: SolveStatus;
  readonly hasSolution: boolean;
  readonly values: Float64Array;
  readonly rowDuals?: Float64Array;
  readonly reducedCosts?: Float64Array;
  readonly message?: string;
}

/** The command line of one solve and the files to write before it. */
export interface RunPlan {
  readonly args: string[];
  readonly solutionFile: string;
  readonly files?: Readonly<Record<string, string>>;
}

/** One native solver: binary, capabilities, MPS dialect, command line and solution reader. */
export interface NativeDriver {
  /** The binary looked up on PATH. */
  readonly binary: string;
  readonly capabilities: SolverCapabilities;
  /** Whether the MPS file carries OBJSENSE (otherwise the sense is a flag) and marks free rows. */
  readonly mps: { readonly includeSense: boolean; readonly markFree: boolean };
  /** The arguments for `problem` written to `mpsFile`, in a scratch `directory`. */
  planRun(problem: Problem, options: SolveOptions, mpsFile: string, directory: string): RunPlan;
  /** Reads the solution file (and, for GLPK, the log) back. */
  parse(text: string, problem: Problem, log: string): ParsedSolution;
}

/** What CBC and native HiGHS offer through their command lines (GLPK differs only in threads). */
export const NATIVE_CAPABILITIES: SolverCapabilities = {
  mip: true,
  duals: true,
  timeLimit: true,
  mipGap: true,
  threads: true,
  methods: ['auto', 'simplex', 'ipm'],
  progress: false,
};
