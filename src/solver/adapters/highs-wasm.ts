import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SolverError } from '../errors.js';
import { isMip, numColumns, validateProblem, type Problem } from '../problem.js';
import {
  emptySolution,
  throwIfAborted,
  validateSolveOptions,
  type Solution,
  type SolveOptions,
  type SolveStatus,
  type Solver,
} from '../solver.js';
import type { SolveRequest, WorkerMessage, WorkerOptions, WorkerResult } from './highs-protocol.js';
import { definedFields } from '../../defined-fields.js';

/** Options of {@link createHighsWasmSolver}. */
export interface HighsWasmOptions {
  /** LPs with at least this many columns use interior point when `method` is `auto` (default 500 000). */
  readonly ipmThreshold?: number;
  // Default 500,000: on the planner's generated rare-earth networks (bench/generate-network.ts),
  // dual simplex beat interior point at 88k columns (0.8 vs 2.3 CPU s) and at 270k (7.5 vs 9.5 CPU s);
  // the brief's 10x IPM advantage was on a different network LP, so `method: 'ipm'` stays one flag away.
  /**
   * Start the worker (and load HiGHS) now rather than on the first solve, so it warms up while the
   * caller reads and checks its model. Default false.
   */
  readonly eager?: boolean;
}

// HiGHS model status codes (highs.constants.modelStatus), mapped to the shared vocabulary.
const highsStatus: Readonly<Record<number, SolveStatus>> = {
  7: 'optimal',
  8: 'infeasible',
  9: 'infeasible',
  10: 'unbounded',
  13: 'time-limit',
  14: 'time-limit',
  16: 'time-limit',
  17: 'time-limit',
};

/**
 * Starts the worker. Built code runs `highs-worker.js`; from TypeScript sources (tests, tsx) the
 * worker is `.ts`, and since ESM loader hooks do not reach worker threads on Node 20, it is loaded
 * through tsx's CommonJS require hook instead.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./highs-worker.js', import.meta.url));
  const hook = createRequire(import.meta.url).resolve('tsx/cjs');
  const entry = fileURLToPath(new URL('./highs-worker.ts', import.meta.url));
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, { eval: true });
}

function toWorkerOptions(problem: Problem, options: SolveOptions, ipmThreshold: number): WorkerOptions {
  const out: Record<string, string | number | boolean> = {};
  if (options.timeLimitSeconds !== undefined) out['time_limit'] = options.timeLimitSeconds;
  if (options.mipGap !== undefined) out['mip_rel_gap'] = options.mipGap;
  if (options.presolve !== undefined) out['presolve'] = options.presolve ? 'on' : 'off';
  const method = options.method ?? 'auto';
  // For a MIP, HiGHS's `solver` option selects how to solve the relaxation only: leave it alone.
  if (!isMip(problem)) {
    const useIpm = method === 'ipm' || (method === 'auto' && numColumns(problem) >= ipmThreshold);
    if (useIpm) {
      out['solver'] = 'ipm';
      // Crossover turns the interior point into a vertex, so values and duals match simplex.
      out['run_crossover'] = 'on';
    } else if (method === 'simplex') out['solver'] = 'simplex';
  }
  return out;
}

function toSolution(problem: Problem, result: WorkerResult, solveSeconds: number): Solution {
  const status = highsStatus[result.modelStatus] ?? 'error';
  const base = { status, solver: 'highs', solveSeconds };
  const messages: string[] = [];
  if (result.modelStatus === 9)
    messages.push('HiGHS could not tell infeasible from unbounded; reported as infeasible');
  if (status === 'error') messages.push(`HiGHS ended with model status ${result.modelStatus}`);
  const message = messages.length > 0 ? { message: messages.join('; ') } : {};
  if (!result.hasSolution) {
    const empty = emptySolution(problem, { ...base, ...message });
    return result.bestBound !== undefined && Number.isFinite(result.bestBound)
      ? { ...empty, bestBound: result.bestBound }
      : empty;
  }
  return {
    ...base,
    ...message,
    hasSolution: true,
    objective: result.objective,
    values: result.colValue,
    rowActivities: result.rowValue,
    ...(result.hasDuals ? { rowDuals: result.rowDual, reducedCosts: result.colDual } : {}),
    ...(result.bestBound !== undefined && Number.isFinite(result.bestBound)
      ? { bestBound: result.bestBound }
      : {}),
    ...(result.mipGap !== undefined && Number.isFinite(result.mipGap) ? { mipGap: result.mipGap } : {}),
  };
}

interface Pending {
  readonly id: number;
  readonly resolve: (result: WorkerResult) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: SolveOptions['onProgress'];
}

/**
 * Creates the HiGHS WebAssembly solver: no native build, runs in a worker thread kept warm between
 * solves, one solve at a time (later calls queue). Its heap is capped near 2 GiB; past that a
 * solve ends with status `error` and the next solve gets a fresh worker.
 *
 * @example
 * const solver = createHighsWasmSolver();
 * const solution = await solver.solve(problem, { timeLimitSeconds: 30 });
 * await solver.dispose();
 */
export function createHighsWasmSolver(options: HighsWasmOptions = {}): Solver {
  const ipmThreshold = options.ipmThreshold ?? 500_000;
  let worker: Worker | undefined;
  let pending: Pending | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  function discardWorker(reason: string): void {
    const current = worker;
    worker = undefined;
    if (current !== undefined) void current.terminate();
    const job = pending;
    pending = undefined;
    job?.reject(new Error(reason));
  }

  function ensureWorker(): Worker {
    if (worker !== undefined) return worker;
    const created = startWorker();
    created.unref();
    created.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready' || pending === undefined || message.id !== pending.id) return;
      if (message.type === 'progress') {
        const { seconds, objective, bound, mipGap } = message;
        pending.onProgress?.({
          seconds,
          ...definedFields({ objective, bound, mipGap }),
        });
        return;
      }
      const job = pending;
      pending = undefined;
      if (message.type === 'result') job.resolve(message.result);
      else {
        if (message.fatal) discardWorker(message.message);
        job.reject(
          new Error(
            message.fatal
              ? `HiGHS aborted (the WebAssembly heap is capped near 2 GiB; try a smaller model or a native solver): ${message.message}`
              : message.message,
          ),
        );
      }
    });
    created.on('error', (error) => {
      if (worker === created) discardWorker(`HiGHS worker failed: ${error.message}`);
    });
    created.on('exit', (code) => {
      if (worker === created) discardWorker(`HiGHS worker exited with code ${code}`);
    });
    worker = created;
    return created;
  }

  async function run(problem: Problem, solveOptions: SolveOptions): Promise<Solution> {
    throwIfAborted(solveOptions.signal);
    const started = performance.now();
    const request: SolveRequest = {
      id: nextId++,
      problem: {
        sense: problem.sense,
        offset: problem.objectiveOffset,
        colCost: problem.columns.cost,
        colLower: problem.columns.lower,
        colUpper: problem.columns.upper,
        rowLower: problem.rows.lower,
        rowUpper: problem.rows.upper,
        starts: problem.matrix.starts,
        indices: problem.matrix.indices,
        values: problem.matrix.values,
        ...(isMip(problem) ? { integrality: Int32Array.from(problem.columns.integer) } : {}),
      },
      options: toWorkerOptions(problem, solveOptions, ipmThreshold),
      wantProgress: solveOptions.onProgress !== undefined,
    };
    const target = ensureWorker();
    const signal = solveOptions.signal;
    let onAbort: (() => void) | undefined;
    try {
      const result = await new Promise<WorkerResult>((resolve, reject) => {
        pending = { id: request.id, resolve, reject, onProgress: solveOptions.onProgress };
        onAbort = () => {
          discardWorker('aborted');
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        target.ref();
        target.postMessage(request);
      });
      return toSolution(problem, result, (performance.now() - started) / 1000);
    } catch (error) {
      if (signal?.aborted === true)
        throw new SolverError('SOLVER_ABORTED', 'solve aborted by the caller', { cause: error });
      const message = error instanceof Error ? error.message : String(error);
      return emptySolution(problem, {
        status: 'error',
        solver: 'highs',
        solveSeconds: (performance.now() - started) / 1000,
        message,
      });
    } finally {
      // An idle worker must not keep the process alive; a busy one must.
      worker?.unref();
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
  }

  if (options.eager === true) ensureWorker();

  return {
    name: 'highs',
    capabilities: {
      mip: true,
      duals: true,
      timeLimit: true,
      mipGap: true,
      threads: false,
      methods: ['auto', 'simplex', 'ipm'],
      progress: true,
    },
    solve(problem, solveOptions = {}) {
      try {
        validateProblem(problem);
        validateSolveOptions(solveOptions);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const result = queue.then(() => run(problem, solveOptions));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      await queue;
      const current = worker;
      worker = undefined;
      if (current !== undefined) await current.terminate();
    },
  };
}
