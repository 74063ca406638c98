/**
 * Distributed Monte Carlo on PostgreSQL through pg-boss: `reeflow simulate --database` enqueues
 * batches and collects their results; `reeflow worker --database` processes batches on any
 * number of machines. A batch whose worker dies expires and is retried; a database that is down
 * or goes away is a coded error after a timeout, never a hang.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import {
  createSimulatorCache,
  runBatch,
  toBatches,
  type Batch,
  type RunSummary,
  type SimulationSetup,
} from '../simulate/index.js';
import { CliError } from './errors.js';

export const SIMULATION_QUEUE = 'reeflow-simulate';

export interface QueueConfig {
  /** postgres://user@host:port/database */
  database: string;
  /** pg-boss schema (default 'pgboss'); tests use one per run. */
  schema?: string;
  /** Seconds to wait for the database before giving up (default 10). */
  connectTimeoutSeconds?: number;
  /** How often pg-boss looks for expired batches to retry, seconds (default 30). */
  maintenanceIntervalSeconds?: number;
}

interface BatchJob {
  key: string;
  setup: SimulationSetup;
  batch: Batch;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(
  promise: Promise<T>,
  seconds: number,
  code: string,
  message: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(code, message)), seconds * 1000);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Opens pg-boss on the database and makes sure the queue exists; SIM_QUEUE_UNREACHABLE when it cannot. */
export async function openQueue(config: QueueConfig): Promise<PgBoss> {
  const seconds = config.connectTimeoutSeconds ?? 10;
  const boss = new PgBoss({
    connectionString: config.database,
    schema: config.schema ?? 'pgboss',
    max: 4,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds ?? 30,
    connectionTimeoutMillis: seconds * 1000,
    query_timeout: 60_000,
  } as ConstructorParameters<typeof PgBoss>[0]);
  let lastError: unknown;
  boss.on('error', (error) => void (lastError = error));
  try {
    await withTimeout(
      boss.start(),
      seconds,
      'SIM_QUEUE_UNREACHABLE',
      `PostgreSQL at ${redact(config.database)} did not answer within ${seconds}s`,
    );
    await boss.createQueue(SIMULATION_QUEUE);
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    if (error instanceof CliError) throw error;
    throw new CliError(
      'SIM_QUEUE_UNREACHABLE',
      `cannot use PostgreSQL at ${redact(config.database)}: ${describe(error ?? lastError)}`,
    );
  }
  return boss;
}

/** The connection string without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** A key for a setup, so workers build each simulator once. */
export function toSetupKey(setup: SimulationSetup): string {
  return createHash('sha256').update(JSON.stringify(setup)).digest('hex');
}

export interface QueueWorker {
  stop(): Promise<void>;
  /** Batches this worker finished. */
  readonly done: number;
}

/** Starts a worker that takes simulation batches from the queue until stopped. */
export async function startQueueWorker(
  config: QueueConfig,
  options: { concurrency?: number; onBatch?: (batch: Batch) => void } = {},
): Promise<QueueWorker> {
  const boss = await openQueue(config);
  const simulatorFor = createSimulatorCache();
  let done = 0;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  for (let i = 0; i < concurrency; i++) {
    await boss.work<BatchJob>(
      SIMULATION_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job) return { summaries: [] };
        const simulator = simulatorFor(job.data.key, () => job.data.setup);
        const summaries = runBatch(simulator, job.data.batch);
        done++;
        options.onBatch?.(job.data.batch);
        return { summaries };
      },
    );
  }
  return {
    get done() {
      return done;
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}

export interface DistributedOptions {
  runs: number;
  seed: number;
  batchSize?: number;
  /** Seconds a batch may run before it counts as lost and is retried (default 300). */
  batchTimeoutSeconds?: number;
  /** Seconds to wait for all results (default 3600). */
  timeoutSeconds?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Enqueues the replications as batches and collects the summaries in run order. */
export async function runDistributed(
  config: QueueConfig,
  setup: SimulationSetup,
  options: DistributedOptions,
): Promise<RunSummary[]> {
  const boss = await openQueue(config);
  try {
    const key = toSetupKey(setup);
    const batches = toBatches(
      options.runs,
      options.seed,
      options.batchSize ?? Math.max(1, Math.min(50, Math.ceil(options.runs / 16))),
    );
    const ids: string[] = [];
    for (const batch of batches) {
      const id = await boss.send(SIMULATION_QUEUE, { key, setup, batch } satisfies BatchJob, {
        retryLimit: 3,
        retryDelay: 1,
        expireInSeconds: options.batchTimeoutSeconds ?? 300,
      });
      if (id === null) throw new CliError('SIM_QUEUE_SEND_FAILED', 'the queue refused a batch');
      ids.push(id);
    }
    const results = new Map<string, RunSummary[]>();
    const deadline = performance.now() + (options.timeoutSeconds ?? 3600) * 1000;
    let failures = 0;
    while (results.size < ids.length) {
      if (performance.now() > deadline)
        throw new CliError(
          'SIM_QUEUE_TIMEOUT',
          `${ids.length - results.size} of ${ids.length} batches unfinished after ${options.timeoutSeconds ?? 3600}s; are workers running? (reeflow worker --database …)`,
        );
      for (const id of ids) {
        if (results.has(id)) continue;
        let job;
        try {
          job = await boss.getJobById<BatchJob>(SIMULATION_QUEUE, id);
          failures = 0;
        } catch (error) {
          if (++failures >= 10)
            throw new CliError(
              'SIM_QUEUE_UNREACHABLE',
              `lost PostgreSQL while collecting results: ${describe(error)}`,
            );
          break;
        }
        if (job?.state === 'failed')
          throw new CliError(
            'SIM_QUEUE_BATCH_FAILED',
            `batch ${id} failed after its retries: ${JSON.stringify(job.output).slice(0, 300)}`,
          );
        if (job?.state === 'completed') {
          results.set(id, (job.output as { summaries: RunSummary[] }).summaries);
          options.onProgress?.(
            [...results.values()].reduce((a, r) => a + r.length, 0),
            options.runs,
          );
        }
      }
      if (results.size < ids.length) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return ids.flatMap((id) => results.get(id) ?? []).sort((a, b) => a.run - b.run);
  } finally {
    await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  }
}
