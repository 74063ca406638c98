/**
 * The read, cancel and progress routes every job kind shares: GET `<base>/:id` (status, progress,
 * result once succeeded), DELETE `<base>/:id` (cancel), GET `<base>/:id/events` (server-sent events,
 * replayed then live, ending when the job finishes).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { PLANNERS } from './auth.js';
import { sendCached, toCachedBody, type CachedBody } from './cached.js';
import type { ServerDeps } from './deps.js';
import { ApiError, type ErrorCode } from './errors.js';
import { isFinished, type Job } from './jobs.js';
import { defineRoute } from './route.js';
import { errorSchema, idParams } from './schemas.js';
import { openEventStream } from './sse.js';

export interface JobRoutesSpec {
  kind: string;
  /** e.g. `/v1/simulations`. */
  base: string;
  /** What the job is called in messages. */
  noun: string;
  tag: string;
  notFound: ErrorCode;
  schema: z.ZodObject;
}

export const jobLinks = (base: string, id: string): { self: string; events: string } => ({
  self: `${base}/${id}`,
  events: `${base}/${id}/events`,
});

/** A job as the API shows it; `withResult: false` for listings and 202s. */
export function toJobView(base: string, job: Job, withResult: boolean): Record<string, unknown> {
  const { result, ...rest } = job;
  return {
    ...rest,
    ...(withResult && result !== undefined ? { result } : {}),
    links: jobLinks(base, job.id),
  };
}

/** The job `id` of `kind`, or the kind's not-found error. */
export function requireJob(
  deps: ServerDeps,
  spec: Pick<JobRoutesSpec, 'kind' | 'noun' | 'notFound'>,
  id: string,
): Job {
  const job = deps.jobs.get(id);
  if (!job || job.kind !== spec.kind)
    throw new ApiError(
      spec.notFound,
      `no ${spec.noun} '${id}' (jobs are kept in memory until the server restarts)`,
    );
  return job;
}

/** Registers GET `/:id`, DELETE `/:id` and GET `/:id/events` for one job kind. */
export function registerJobRoutes(app: FastifyInstance, deps: ServerDeps, spec: JobRoutesSpec): void {
  const { jobs } = deps;
  const finishedJson = new Map<string, CachedBody>();
  const notFound = { description: `unknown ${spec.noun}`, schema: errorSchema };

  defineRoute(
    app,
    {
      method: 'GET',
      url: `${spec.base}/:id`,
      summary: `a ${spec.noun}'s status, progress and (once succeeded) its result`,
      tags: [spec.tag],
      params: idParams,
      responses: { 200: { description: `the ${spec.noun} job`, schema: spec.schema }, 404: notFound },
    },
    async ({ params, request, reply }) => {
      const job = requireJob(deps, spec, params.id);
      if (!isFinished(job)) return toJobView(spec.base, job, true);
      let body = finishedJson.get(job.id);
      if (body === undefined) {
        body = toCachedBody(toJobView(spec.base, job, true));
        finishedJson.set(job.id, body);
        for (const id of finishedJson.keys()) if (!jobs.get(id)) finishedJson.delete(id);
      }
      return sendCached(request, reply, body);
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: `${spec.base}/:id`,
      summary: `cancel a queued or running ${spec.noun}`,
      tags: [spec.tag],
      roles: PLANNERS,
      params: idParams,
      responses: {
        202: { description: 'cancellation requested', schema: spec.schema.omit({ result: true }) },
        404: notFound,
        409: { description: `the ${spec.noun} has finished already`, schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      const job = requireJob(deps, spec, params.id);
      if (isFinished(job))
        throw new ApiError('JOB_FINISHED', `${spec.noun} '${params.id}' has ${job.status} already`);
      const before = { status: job.status };
      jobs.cancel(job.id);
      const view = structuredClone(toJobView(spec.base, job, false));
      await deps.audit.record({
        actor: request.principal,
        action: `${spec.kind}.cancel`,
        target: `${spec.base.replace(/^\/v1\//, '')}/${job.id}`,
        before,
        after: { status: job.status },
        requestId: request.id,
      });
      return reply.status(202).send(view);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: `${spec.base}/:id/events`,
      summary: `a ${spec.noun}'s progress as server-sent events (progress, status); ends when it finishes`,
      tags: [spec.tag],
      params: idParams,
      responses: { 200: { description: 'event stream', contentType: 'text/event-stream' }, 404: notFound },
    },
    async ({ params, request, reply }) => {
      streamJobEvents(jobs, requireJob(deps, spec, params.id), request, reply);
    },
  );
}

/**
 * Streams a job's progress as server-sent events: what happened so far (replayed with ids), its
 * status, then each change until it finishes. Shared by every job route (plans, simulations, …).
 */
export function streamJobEvents(
  jobs: ServerDeps['jobs'],
  job: Job,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const stream = openEventStream(request, reply);
  job.progress.forEach((p, i) => stream.send('progress', p, String(i)));
  stream.send('status', { status: job.status, ...(job.error ? { error: job.error } : {}) });
  if (isFinished(job)) {
    stream.close();
    return;
  }
  let count = job.progress.length;
  const unsubscribe = jobs.subscribe(job.id, (event) => {
    if (event.type === 'progress') stream.send('progress', event.progress, String(count++));
    else {
      stream.send('status', {
        status: event.status,
        ...(event.status === 'failed' && job.error ? { error: job.error } : {}),
      });
      if (isFinished(job)) stream.close();
    }
  });
  stream.onClose(unsubscribe);
}
