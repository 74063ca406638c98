/**
 * An in-memory job runner: jobs queue, run `concurrency` at a time (1 by default: a solve uses a
 * core), report progress to subscribers (server-sent events), and can be cancelled. Finished jobs
 * are kept (the newest `keep`) so their results can be read again.
 */
import { randomBytes } from 'node:crypto';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  phase: string;
  detail?: string;
  /** ISO time. */
  at: string;
}

export interface JobError {
  code: string;
  message: string;
}

export interface Job<I = unknown, T = unknown> {
  id: string;
  kind: string;
  status: JobStatus;
  input: I;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress: JobProgress[];
  result?: T;
  error?: JobError;
}

export type JobEvent = { type: 'progress'; progress: JobProgress } | { type: 'status'; status: JobStatus };

export interface JobContext {
  signal: AbortSignal;
  progress(phase: string, detail?: string): void;
}

export interface JobRunner {
  submit<I, T>(kind: string, input: I, run: (context: JobContext) => Promise<T>): Job<I, T>;
  get(id: string): Job | undefined;
  /** Newest first. */
  list(kind?: string): Job[];
  /** Cancels a queued or running job; returns it, or undefined when unknown. */
  cancel(id: string): Job | undefined;
  /** Listens to one job's events; returns the unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

export interface JobRunnerOptions {
  clock: () => number;
  concurrency?: number;
  keep?: number;
  /** Turns a thrown error into what the job reports; default: the error's `code` and message. */
  describeError?: (error: unknown, job: Job) => JobError;
}

const TERMINAL = new Set<JobStatus>(['succeeded', 'failed', 'cancelled']);

/** Whether a job has finished (for better or worse). */
export const isFinished = (job: Job): boolean => TERMINAL.has(job.status);

/**
 * Creates a runner.
 *
 * @example const jobs = createJobRunner({ clock: Date.now }); const job = jobs.submit('plan', input, async ({ progress }) => ...);
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const concurrency = options.concurrency ?? 1;
  const keep = options.keep ?? 200;
  const jobs = new Map<string, Job>();
  const queue: { job: Job; run: (context: JobContext) => Promise<unknown> }[] = [];
  const controllers = new Map<string, AbortController>();
  const listeners = new Map<string, Set<(event: JobEvent) => void>>();
  let running = 0;
  let idleWaiters: (() => void)[] = [];
  let counter = 0;
  const now = (): string => new Date(options.clock()).toISOString();
  const emit = (job: Job, event: JobEvent): void => {
    for (const listener of listeners.get(job.id) ?? []) listener(event);
  };
  const setStatus = (job: Job, status: JobStatus): void => {
    job.status = status;
    if (status === 'running') job.startedAt = now();
    if (TERMINAL.has(status)) job.finishedAt = now();
    emit(job, { type: 'status', status });
    if (TERMINAL.has(status)) listeners.delete(job.id);
  };
  const evict = (): void => {
    const finished = [...jobs.values()].filter(isFinished);
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(job.id);
  };
  const describe = options.describeError ?? ((error: unknown) => ({
    code: typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'JOB_FAILED',
    message: error instanceof Error ? error.message : String(error),
  }));
  const pump = (): void => {
    while (running < concurrency && queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      const { job, run } = next;
      const controller = new AbortController();
      controllers.set(job.id, controller);
      running += 1;
      setStatus(job, 'running');
      const context: JobContext = {
        signal: controller.signal,
        progress: (phase, detail) => {
          const entry: JobProgress = { phase, ...(detail === undefined ? {} : { detail }), at: now() };
          job.progress.push(entry);
          emit(job, { type: 'progress', progress: entry });
        },
      };
      void run(context)
        .then(
          (result) => {
            if (controller.signal.aborted) return setStatus(job, 'cancelled');
            job.result = result;
            setStatus(job, 'succeeded');
          },
          (error: unknown) => {
            if (controller.signal.aborted) return setStatus(job, 'cancelled');
            job.error = describe(error, job);
            setStatus(job, 'failed');
          },
        )
        .finally(() => {
          running -= 1;
          controllers.delete(job.id);
          evict();
          pump();
        });
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
  return {
    submit<I, T>(kind: string, input: I, run: (context: JobContext) => Promise<T>): Job<I, T> {
      counter += 1;
      const job: Job<I, T> = { id: `${kind}-${counter}-${randomBytes(4).toString('hex')}`, kind, status: 'queued', input, createdAt: now(), progress: [] };
      jobs.set(job.id, job as Job);
      queue.push({ job: job as Job, run });
      queueMicrotask(pump);
      return job;
    },
    get: (id) => jobs.get(id),
    list: (kind) => [...jobs.values()].filter((j) => kind === undefined || j.kind === kind).reverse(),
    cancel(id) {
      const job = jobs.get(id);
      if (!job || isFinished(job)) return job;
      const queued = queue.findIndex((q) => q.job.id === id);
      if (queued >= 0) {
        queue.splice(queued, 1);
        setStatus(job, 'cancelled');
        return job;
      }
      controllers.get(id)?.abort();
      return job;
    },
    subscribe(id, listener) {
      const set = listeners.get(id) ?? new Set();
      set.add(listener);
      listeners.set(id, set);
      return () => void set.delete(listener);
    },
    idle: () => new Promise((resolve) => {
      if (running === 0 && queue.length === 0) resolve();
      else idleWaiters.push(resolve);
    }),
  };
}
