import { SolverError } from './errors.js';
import type { Problem } from './problem.js';

/**
 * Outcome of a solve, the same words for every solver: `time-limit` may still carry a feasible
 * point (`hasSolution`), `error` means the solver failed (see `message`), not that the model is wrong.
 */
export const SOLVE_STATUSES = ['optimal', 'infeasible', 'unbounded', 'time-limit', 'error'] as const;
export type SolveStatus = (typeof SOLVE_STATUSES)[number];

/** LP algorithm choice; `auto` lets the adapter pick (HiGHS: interior point for large LPs). */
export type SolveMethod = 'auto' | 'simplex' | 'ipm';

/** Progress reported during a solve, as far as the solver exposes it. */
export interface SolveProgress {
  readonly seconds: number;
  /** Best feasible objective so far (MIP incumbent). */
  readonly objective?: number;
  /** Best proven bound so far (MIP). */
  readonly bound?: number;
  readonly mipGap?: number;
}

/** Options every adapter understands; an adapter ignores what its `capabilities` say it cannot do. */
export interface SolveOptions {
  readonly timeLimitSeconds?: number;
  /** Relative MIP gap at which to stop, e.g. 0.01 for 1 %. */
  readonly mipGap?: number;
  readonly threads?: number;
  readonly method?: SolveMethod;
  readonly presolve?: boolean;
  /** Aborting rejects the solve with `SOLVER_ABORTED` and frees the solver process or worker. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SolveProgress) => void;
}

/**
 * The answer to one solve, by column and row index of the problem.
 *
 * Sign convention, the same for every adapter: `rowDuals[i] = ∂ objective / ∂ (binding bound of row i)`
 * and `reducedCosts[j] = ∂ objective / ∂ (binding bound of column j)`. So for a `min` problem the dual
 * of a binding `≤` row is ≤ 0 (more room lowers cost) and of a binding `≥` row is ≥ 0; for `max`
 * the signs flip. The value of one more unit of a capacity row in a cost-minimising plan is `-rowDuals[i]`.
 */
export interface Solution {
  readonly status: SolveStatus;
  readonly solver: string;
  readonly message?: string;
  /** Whether `values` hold a feasible point (always when optimal; sometimes at a time limit). */
  readonly hasSolution: boolean;
  /** Objective including the problem's offset, when `hasSolution`. */
  readonly objective?: number;
  /** Column values; NaN-filled when there is no solution, so they are never mistaken for a plan. */
  readonly values: Float64Array;
  /** Row activities `A·x`, when `hasSolution`. */
  readonly rowActivities?: Float64Array;
  /** Row duals (LP only, see the sign convention above). */
  readonly rowDuals?: Float64Array;
  /** Column reduced costs (LP only). */
  readonly reducedCosts?: Float64Array;
  /** Best proven bound on the objective (MIP). */
  readonly bestBound?: number;
  /** Relative MIP gap reached. */
  readonly mipGap?: number;
  /** Wall-clock seconds of the solve, including model transfer. */
  readonly solveSeconds: number;
}

/** What a solver can do, as data, so callers choose without knowing which solver runs. */
export interface SolverCapabilities {
  readonly mip: boolean;
  readonly duals: boolean;
  readonly timeLimit: boolean;
  readonly mipGap: boolean;
  /** Whether more than one thread can be used. */
  readonly threads: boolean;
  readonly methods: readonly SolveMethod[];
  /** Whether progress callbacks fire. */
  readonly progress: boolean;
}

/**
 * A solver engine behind one narrow interface; the planner never knows which one runs.
 *
 * @example const solution = await createSolver('highs').solve(problem, { timeLimitSeconds: 60 });
 */
export interface Solver {
  readonly name: string;
  readonly capabilities: SolverCapabilities;
  /** Solves; resolves with a status for every model outcome, rejects only with a `SolverError`. */
  solve(problem: Problem, options?: SolveOptions): Promise<Solution>;
  /** Releases any worker or process the solver keeps between solves. */
  dispose(): Promise<void>;
}

/**
 * Checks solve options once for every adapter, because a negative time limit would otherwise mean
 * different things to different solvers.
 */
export function validateSolveOptions(options: SolveOptions): void {
  const { timeLimitSeconds, mipGap, threads, method } = options;
  if (timeLimitSeconds !== undefined && !(timeLimitSeconds > 0)) {
    throw new SolverError('SOLVER_BAD_OPTIONS', `timeLimitSeconds must be > 0, got ${timeLimitSeconds}`);
  }
  if (mipGap !== undefined && !(mipGap >= 0))
    throw new SolverError('SOLVER_BAD_OPTIONS', `mipGap must be ≥ 0, got ${mipGap}`);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) {
    throw new SolverError('SOLVER_BAD_OPTIONS', `threads must be a non-negative integer, got ${threads}`);
  }
  if (method !== undefined && method !== 'auto' && method !== 'simplex' && method !== 'ipm') {
    throw new SolverError(
      'SOLVER_BAD_OPTIONS',
      `method must be 'auto', 'simplex' or 'ipm', got ${String(method)}`,
    );
  }
}

/** Throws `SOLVER_ABORTED` if the signal already fired, so no work starts for a cancelled request. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SolverError('SOLVER_ABORTED', 'solve aborted by the caller');
}

/** A solution without a point, for infeasible, unbounded and failed solves. */
export function emptySolution(
  problem: Problem,
  fields: { status: SolveStatus; solver: string; solveSeconds: number; message?: string },
): Solution {
  const values = new Float64Array(problem.columns.cost.length).fill(Number.NaN);
  return { ...fields, hasSolution: false, values };
}
