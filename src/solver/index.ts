// The solver layer's public surface: a problem type, writers, and engines behind one interface.
import { createHighsWasmSolver } from './adapters/highs-wasm.js';
import { createNativeSolver } from './adapters/native.js';
import { SolverError } from './errors.js';
import type { Solver } from './solver.js';

export { SolverError, SOLVER_ERRORS, type SolverErrorCode } from './errors.js';
export {
  computeObjective,
  computeRowActivities,
  isMip,
  numColumns,
  numRows,
  validateProblem,
  type ColumnTable,
  type ObjectiveSense,
  type Problem,
  type RowMatrix,
  type RowTable,
  type Term,
} from './problem.js';
export {
  createProblemBuilder,
  type ColumnSpec,
  type ProblemBuilder,
  type ProblemBuilderOptions,
  type RowSpec,
} from './problem-builder.js';
export { withObjectiveBound } from './objective-bound.js';
export { toElasticProblem, type ElasticProblem } from './elastic.js';
export { toSolverNames, type NameStyle } from './names.js';
export type {
  Solution,
  SolveMethod,
  SolveOptions,
  SolveProgress,
  SolveStatus,
  Solver,
  SolverCapabilities,
} from './solver.js';
export { toLpFormat, writeLp, type TextSink, type WriteOptions } from './lp-format.js';
export { toMpsFormat, writeMps, type MpsWriteOptions } from './mps-format.js';
export { createHighsWasmSolver, type HighsWasmOptions } from './adapters/highs-wasm.js';
export {
  createNativeSolver,
  findNativeSolvers,
  type NativeSolverName,
  type NativeSolverOptions,
} from './adapters/native.js';

/** Names accepted by {@link createSolver}: `highs` is the WebAssembly build, the rest are binaries on PATH. */
export type SolverName = 'highs' | 'cbc' | 'highs-native' | 'glpk';

/** Options of {@link createSolver}. */
export interface CreateSolverOptions {
  /** PATH searched for native binaries; the edge passes `process.env.PATH`. */
  readonly path?: string;
  /** HiGHS WASM only: start its worker at once, to overlap its start-up with other work. */
  readonly eager?: boolean;
}

/**
 * Creates a solver by name, so configuration (a CLI flag, a server setting) picks the engine and
 * nothing above this layer imports an adapter.
 *
 * @example const solver = createSolver('cbc', { path: process.env.PATH ?? '' });
 */
export function createSolver(name: SolverName, options: CreateSolverOptions = {}): Solver {
  switch (name) {
    case 'highs':
      return createHighsWasmSolver(options.eager === undefined ? {} : { eager: options.eager });
    case 'cbc':
    case 'highs-native':
    case 'glpk':
      return createNativeSolver(name, options.path === undefined ? {} : { path: options.path });
    default:
      throw new SolverError(
        'SOLVER_UNAVAILABLE',
        `unknown solver "${String(name)}"; choose highs, cbc, highs-native or glpk`,
      );
  }
}
