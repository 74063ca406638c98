/**
 * An in-memory job runner: jobs queue, run `concurrency` at a time (1 by default: a solve uses a
 * core), report progress to subscribers (server-sent events), and can be cancelled. Finished jobs
 * are kept (the newest `keep`) so their results can be read again.
 *
 * The queue is bounded (issue 13): at most `maxQueued` jobs wait in all, and `maxQueuedPerOwner` per
 * owner (the caller's principal); past them `submit` throws a coded 503 or 429 with Retry-After.
 * Owners are served in turn: the next job is the oldest one of the owner whose last job started
 * longest ago, so one caller's ten queued jobs do not hold another caller's single job back.
 */
import { randomBytes } from 'node:crypto';
import { isCodedError } from '../coded-error.js';
import { ApiError } from './errors.js';
import { definedFields } from '../defined-fields.js';

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

export interface SubmitOptions {
  /** Who the job is for (a principal id): the per-owner bound and the turns are kept by owner. Default: one shared owner. */
  owner?: string;
}

export interface JobRunner {
  /** Queues a job; throws ApiError JOBS_TOO_MANY_QUEUED (429) or JOBS_QUEUE_FULL (503) past the bounds. */
  submit<I, T>(
    kind: string,
    input: I,
    run: (context: JobContext) => Promise<T>,
    options?: SubmitOptions,
  ): Job<I, T>;
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
  /** Jobs that may wait (not yet running) in all; default DEFAULT_MAX_QUEUED_JOBS. */
  maxQueued?: number;
  /** Jobs one owner may have waiting; default DEFAULT_MAX_QUEUED_JOBS_PER_OWNER. */
  maxQueuedPerOwner?: number;
  /** Turns a thrown error into what the job reports; default: a coded error's code and message, else JOB_FAILED. */
  describeError?: (error: unknown, job: Job) => JobError;
}

/** Default bound on jobs waiting in all (`reeflow serve --max-queued-jobs`). */
export const DEFAULT_MAX_QUEUED_JOBS = 100;
/** Default bound on jobs one principal may have waiting (`reeflow serve --max-queued-jobs-per-user`). */
export const DEFAULT_MAX_QUEUED_JOBS_PER_OWNER = 10;
/** What Retry-After assumes a job takes before any has finished, in seconds. */
const ASSUMED_JOB_SECONDS = 5;
/** How many recent run times the Retry-After estimate averages. */
const RECENT_RUNS = 20;

interface Queued {
  job: Job;
  owner: string;
  run: (context: JobContext) => Promise<unknown>;
  /** Submission order, for ties between owners. */
  seq: number;
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
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED_JOBS;
  const maxQueuedPerOwner = options.maxQueuedPerOwner ?? DEFAULT_MAX_QUEUED_JOBS_PER_OWNER;
  const jobs = new Map<string, Job>();
  /** Waiting jobs per owner, oldest first; an owner with none is removed. */
  const queues = new Map<string, Queued[]>();
  /** Per owner with jobs queued or running: the start number of its newest started job (its last turn). */
  const lastTurn = new Map<string, number>();
  const runningBy = new Map<string, number>();
  const controllers = new Map<string, AbortController>();
  const listeners = new Map<string, Set<(event: JobEvent) => void>>();
  const recentSeconds: number[] = [];
  let queued = 0;
  let running = 0;
  let starts = 0;
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
  const describe =
    options.describeError ??
    ((error: unknown) => ({
      code: isCodedError(error) ? error.code : 'JOB_FAILED',
      message: error instanceof Error ? error.message : String(error),
    }));
  /** Forgets an owner's turn once it has nothing queued or running: back after a pause, it is served first. */
  const forgetIdle = (owner: string): void => {
    if (!queues.has(owner) && (runningBy.get(owner) ?? 0) === 0) lastTurn.delete(owner);
  };
  /** Takes the next job: the oldest of the owner whose last turn is longest ago (never: first). */
  const takeNext = (): Queued | undefined => {
    let best: Queued | undefined;
    let bestTurn = Infinity;
    for (const [owner, waiting] of queues) {
      const head = waiting[0];
      const turn = lastTurn.get(owner) ?? 0;
      if (head && (turn < bestTurn || (turn === bestTurn && best !== undefined && head.seq < best.seq))) {
        best = head;
        bestTurn = turn;
      }
    }
    if (best) removeQueued(best);
    return best;
  };
  const removeQueued = (entry: Queued): void => {
    const waiting = queues.get(entry.owner) ?? [];
    waiting.splice(waiting.indexOf(entry), 1);
    if (waiting.length === 0) queues.delete(entry.owner);
    queued -= 1;
  };
  /** Seconds until a queued job is likely to start when `ahead` turns come before it, for Retry-After. */
  const retryAfter = (ahead: number): number => {
    const mean =
      recentSeconds.length === 0
        ? ASSUMED_JOB_SECONDS
        : recentSeconds.reduce((a, b) => a + b, 0) / recentSeconds.length;
    return Math.min(3600, Math.max(1, Math.ceil((mean * Math.max(1, ahead)) / concurrency)));
  };
  const refuseOverBounds = (owner: string): void => {
    const mine = queues.get(owner)?.length ?? 0;
    if (mine >= maxQueuedPerOwner) {
      const wait = retryAfter(queues.size);
      throw new ApiError(
        'JOBS_TOO_MANY_QUEUED',
        `${mine} of your jobs are queued already, the most one caller may have waiting; wait for one to start (or cancel one) and retry in about ${wait} s`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
    if (queued >= maxQueued) {
      const wait = retryAfter(1);
      throw new ApiError(
        'JOBS_QUEUE_FULL',
        `the job queue is full (${queued} jobs waiting, this server's limit); retry in about ${wait} s`,
        undefined,
        { 'retry-after': String(wait) },
      );
    }
  };
  const start = ({ job, owner, run }: Queued): void => {
    const controller = new AbortController();
    controllers.set(job.id, controller);
    running += 1;
    starts += 1;
    lastTurn.set(owner, starts);
    runningBy.set(owner, (runningBy.get(owner) ?? 0) + 1);
    const startedAt = options.clock();
    setStatus(job, 'running');
    const context: JobContext = {
      signal: controller.signal,
      progress: (phase, detail) => {
        const entry: JobProgress = { phase, ...definedFields({ detail }), at: now() };
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
        runningBy.set(owner, (runningBy.get(owner) ?? 1) - 1);
        if (runningBy.get(owner) === 0) runningBy.delete(owner);
        forgetIdle(owner);
        recentSeconds.push(Math.max(0, options.clock() - startedAt) / 1000);
        if (recentSeconds.length > RECENT_RUNS) recentSeconds.shift();
        controllers.delete(job.id);
        evict();
        pump();
      });
  };
  const pump = (): void => {
    while (running < concurrency) {
      const next = takeNext();
      if (!next) break;
      start(next);
    }
    if (running === 0 && queued === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
  return {
    submit<I, T>(
      kind: string,
      input: I,
      run: (context: JobContext) => Promise<T>,
      submitOptions: SubmitOptions = {},
    ): Job<I, T> {
      const owner = submitOptions.owner ?? '';
      refuseOverBounds(owner);
      counter += 1;
      const job: Job<I, T> = {
        id: `${kind}-${counter}-${randomBytes(4).toString('hex')}`,
        kind,
        status: 'queued',
        input,
        createdAt: now(),
        progress: [],
      };
      jobs.set(job.id, job as Job);
      const waiting = queues.get(owner) ?? [];
      waiting.push({ job: job as Job, owner, run, seq: counter });
      queues.set(owner, waiting);
      queued += 1;
      queueMicrotask(pump);
      return job;
    },
    get: (id) => jobs.get(id),
    list: (kind) => [...jobs.values()].filter((j) => kind === undefined || j.kind === kind).reverse(),
    cancel(id) {
      const job = jobs.get(id);
      if (!job || isFinished(job)) return job;
      const entry = [...queues.values()].flat().find((q) => q.job.id === id);
      if (entry) {
        removeQueued(entry);
        forgetIdle(entry.owner);
        setStatus(job, 'cancelled');
        queueMicrotask(pump);
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
    idle: () =>
      new Promise((resolve) => {
        if (running === 0 && queued === 0) resolve();
        else idleWaiters.push(resolve);
      }),
  };
}
