/**
 * Monte Carlo: N replications with seeds derived from one master seed, in batches over worker
 * threads (piscina) or any other executor (a job queue). Replication r always uses
 * deriveSeed(seed, r), so the numbers are the same whatever runs them.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { VERSION } from '../version.js';
import { runBatch, toBatches, type Batch } from './batch.js';
import { SimulationError } from './errors.js';
import { representativeFlows } from './flows.js';
import { summarizeRuns, type MonteCarloResult } from './metrics.js';
import { createSimulator, type RunSummary, type SimulationSetup, type Simulator } from './simulate.js';

/** Runs batches somewhere: in this thread, on worker threads, on a job queue. */
export interface BatchExecutor {
  runBatch(batch: Batch): Promise<RunSummary[]>;
  close(): Promise<void>;
}

export interface MonteCarloOptions {
  runs: number;
  seed: number;
  /** Worker threads; 0 runs in this thread. Default 0. Ignored when `executor` is given. */
  workers?: number;
  /** Replications per batch; default spreads runs over about 8 batches per worker, at most 50 each. */
  batchSize?: number;
  executor?: BatchExecutor;
  scenario?: string;
  /** Also return the flows of the representative run (one extra traced run in this thread). Default false. */
  flows?: boolean;
  /** In this thread (no executor, no workers): batches not yet started fail with SIM_CANCELLED once aborted. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Runs batches in the calling thread; once `signal` aborts, batches not yet started fail with SIM_CANCELLED. */
export function createInlineExecutor(simulator: Simulator, signal?: AbortSignal): BatchExecutor {
  // One batch at a time, each scheduled after the previous one ends, so timers, I/O (a server's
  // requests) and signals get a turn between batches instead of after all of them.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    runBatch: (batch) => {
      const next = previous.then(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) throw new SimulationError('SIM_CANCELLED', 'the simulation was cancelled');
        return runBatch(simulator, batch);
      });
      previous = next.catch(() => undefined);
      return next;
    },
    close: async () => undefined,
  };
}

/**
 * Runs batches on `threads` worker threads. From TypeScript sources (tests, tsx) the worker loads
 * through tsx's CommonJS hook, since ESM loader hooks do not reach worker threads on Node 20.
 */
export function createThreadExecutor(setup: SimulationSetup, threads: number): BatchExecutor {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(
    new URL(fromSource ? './worker-task.ts' : './worker-task.js', import.meta.url),
  );
  const execArgv = fromSource ? ['--require', createRequire(import.meta.url).resolve('tsx/cjs')] : [];
  const pool = new Piscina({
    filename,
    name: 'runBatch',
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    execArgv,
    idleTimeout: 1000,
  });
  return {
    runBatch: async (batch) => {
      try {
        return (await pool.run(batch)) as RunSummary[];
      } catch (error) {
        throw new SimulationError(
          'SIM_WORKER_FAILED',
          `a simulation worker failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    close: () => pool.destroy(),
  };
}

function checkRuns(options: MonteCarloOptions): void {
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new SimulationError('SIM_BAD_OPTION', `runs must be a whole number ≥ 1; got ${options.runs}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
    throw new SimulationError(
      'SIM_BAD_OPTION',
      `seed must be a whole number from 0 to 4294967295; got ${options.seed}`,
    );
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 0))
    throw new SimulationError('SIM_BAD_OPTION', `workers must be a whole number ≥ 0; got ${options.workers}`);
}

/** Runs the replications and returns their summaries in run order (no aggregation). */
export async function runReplications(
  setup: SimulationSetup,
  options: MonteCarloOptions,
): Promise<{ summaries: RunSummary[]; simulator: Simulator }> {
  checkRuns(options);
  const simulator = createSimulator(setup.model, setup.options, setup.plan);
  const workers = options.workers ?? 0;
  const size =
    options.batchSize ?? Math.max(1, Math.min(50, Math.ceil(options.runs / (Math.max(1, workers) * 8))));
  const executor =
    options.executor ??
    (workers > 0 ? createThreadExecutor(setup, workers) : createInlineExecutor(simulator, options.signal));
  let done = 0;
  try {
    const results = await Promise.all(
      toBatches(options.runs, options.seed, size).map(async (batch) => {
        const summaries = await executor.runBatch(batch);
        done += summaries.length;
        options.onProgress?.(done, options.runs);
        return summaries;
      }),
    );
    return { summaries: results.flat().sort((a, b) => a.run - b.run), simulator };
  } finally {
    if (!options.executor) await executor.close();
  }
}

/**
 * Runs the replications and aggregates them into distributions.
 *
 * @example const result = await runMonteCarlo({ model, options: { days: 365 }, plan }, { runs: 1000, seed: 42, workers: 2 });
 */
export async function runMonteCarlo(
  setup: SimulationSetup,
  options: MonteCarloOptions,
): Promise<MonteCarloResult> {
  const { summaries, simulator } = await runReplications(setup, options);
  const result = summarizeRuns(setup.model, summaries, {
    seed: options.seed,
    days: simulator.options.days,
    allocation: simulator.policy.name,
    scenario: options.scenario,
    version: VERSION,
    buckets: simulator.net,
  });
  const flows = options.flows === true ? representativeFlows(simulator, summaries, options.seed) : undefined;
  return flows ? { ...result, flows } : result;
}
