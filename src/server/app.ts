/**
 * `createApp`: the whole HTTP API as a Fastify instance that does not listen, so tests drive it
 * in-process with `app.inject` and `reeflow serve` (src/server/main.ts) is the only `listen()`.
 * Capabilities plug in as route modules, one line each in ROUTES below.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { isCodedError } from '../coded-error.js';
import type { Solver } from '../solver/index.js';
import { createMemoryAuditLog } from './audit.js';
import { installAuth, type TokenStore } from './auth.js';
import type { Clock, ReadinessCheck, ServerDeps } from './deps.js';
import {
  answerClientError,
  answerFrameworkError,
  ApiError,
  installErrorHandler,
  MAX_PARAM_LENGTH,
} from './errors.js';
import { createJobRunner, type JobRunner } from './jobs.js';
import { createMetrics, type MetricsRegistry } from './metrics.js';
import type { ModelRegistry } from './models.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerModelRoutes } from './routes/models.js';
import { registerOpenApiRoutes } from './routes/openapi.js';
import { registerPlanRoutes } from './routes/plans.js';
import { registerScenarioRoutes } from './routes/scenarios.js';
import { registerWebRoutes } from './routes/web.js';
import { registerTelemetryRoutes } from './routes/telemetry.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerProjectRoutes } from './routes/projects.js';
import { registerQualityRoutes } from './routes/quality.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerSimulationRoutes } from './routes/simulations.js';
import { registerRiskRoutes } from './routes/risk.js';
import { registerDiversificationRoutes } from './routes/diversification.js';
import { registerDividendRoutes } from './routes/dividend.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerSessionRoutes } from './routes/session.js';
import type { BackgroundTask } from './serve-hook.js';

/** A route module: registers one capability's routes with `defineRoute`. */
export type RouteModule = (app: FastifyInstance, deps: ServerDeps) => void;

/** Every capability's routes, in order. Add yours with one line. */
export const ROUTES: readonly RouteModule[] = [
  registerHealthRoutes,
  registerOpenApiRoutes,
  registerModelRoutes,
  registerScenarioRoutes,
  registerPlanRoutes,
  registerTelemetryRoutes,
  registerLiveRoutes,
  registerAlertRoutes,
  registerProjectRoutes,
  registerQualityRoutes,
  registerAssetRoutes,
  registerSimulationRoutes,
  registerRiskRoutes,
  registerDiversificationRoutes,
  registerDividendRoutes,
  registerAuditRoutes,
  registerSessionRoutes,
  registerWebRoutes,
];

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export interface AppOptions extends Optional<
  ServerDeps,
  'clock' | 'jobs' | 'metrics' | 'readiness' | 'audit'
> {
  models: ModelRegistry;
  createSolver: () => Solver;
  clock?: Clock;
  /** Default: silent. `true` logs JSON at info; or pino options; or a pino logger. */
  logger?: boolean | FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** Tokens with roles; without it every request is allowed (embedded single-user mode). */
  auth?: { tokens: TokenStore };
  /** Largest request body in bytes; default 16 MiB. */
  bodyLimit?: number;
  /** Per-client request rate; default 500/s with bursts of 1000; `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Extra readiness probes (a store, a broker), added to the model probe. */
  readiness?: ReadinessCheck[];
  /** Bounds on waiting plans, simulations, sizings and allocations (ignored when `jobs` is given); defaults 100 in all, 10 per principal. */
  jobQueue?: { maxQueued?: number; maxQueuedPerPrincipal?: number };
  /** Started after the routes are registered, e.g. the alert evaluation timer of the operate serve hook. */
  background?: readonly BackgroundTask[];
}

const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
const DEFAULT_RATE: RateLimitOptions = { perSecond: 500, burst: 1000 };

const isLogger = (value: unknown): value is FastifyBaseLogger =>
  typeof value === 'object' && value !== null && typeof (value as { child?: unknown }).child === 'function';

function toJobError(app: FastifyInstance) {
  return (error: unknown, job: { id: string }): { code: string; message: string } => {
    if (isCodedError(error)) return { code: error.code, message: error.message };
    app.log.error({ err: error, job: job.id }, 'job failed unexpectedly');
    return {
      code: 'INTERNAL',
      message: `the job failed unexpectedly; quote job id ${job.id} when reporting it`,
    };
  };
}

function installRequestMetrics(app: FastifyInstance, metrics: MetricsRegistry): void {
  const requests = metrics.counter(
    'reeflow_http_requests_total',
    'HTTP requests by method, route and status',
  );
  const latency = metrics.histogram(
    'reeflow_http_request_duration_seconds',
    'HTTP request latency in seconds by method and route',
  );
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe(reply.elapsedTime / 1000, { method: request.method, route });
  });
}

function installRateLimit(app: FastifyInstance, options: RateLimitOptions, clock: Clock): void {
  const limiter = createRateLimiter(options);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const wait = limiter.take(request.ip, clock());
    if (wait > 0)
      throw new ApiError('RATE_LIMITED', `too many requests; retry in ${Math.ceil(wait)} s`, undefined, {
        'retry-after': String(Math.ceil(wait)),
      });
  });
}

/**
 * Builds the app; call `await app.ready()` (or `inject`) before use and `app.close()` after.
 *
 * @example
 * const app = createApp({ models: createModelRegistry(paths), createSolver: () => createSolver('highs') });
 * const res = await app.inject({ method: 'GET', url: '/v1/models' });
 */
export function createApp(options: AppOptions): FastifyInstance {
  const {
    logger,
    auth,
    bodyLimit,
    rateLimit,
    readiness,
    jobQueue,
    background,
    clock = Date.now,
    ...rest
  } = options;
  const app = Fastify({
    ...(isLogger(logger) ? { loggerInstance: logger } : { logger: logger ?? false }),
    bodyLimit: bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: () => randomUUID(),
    // Issue 13: errors raised before a route runs get the same {code, message} shape as the rest.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  const metrics = rest.metrics ?? createMetrics();
  const jobs: JobRunner =
    rest.jobs ??
    createJobRunner({
      clock,
      describeError: toJobError(app),
      ...(jobQueue?.maxQueued === undefined ? {} : { maxQueued: jobQueue.maxQueued }),
      ...(jobQueue?.maxQueuedPerPrincipal === undefined
        ? {}
        : { maxQueuedPerOwner: jobQueue.maxQueuedPerPrincipal }),
    });
  const modelReady: ReadinessCheck = async () => {
    const id = rest.models.defaultId;
    if (id === undefined) return { name: 'models', ok: true, detail: 'no default model' };
    const entry = await rest.models.get(id);
    return {
      name: 'models',
      ok: entry?.model !== undefined,
      detail: entry?.model ? `default model '${id}' loaded` : `default model '${id}' has errors`,
    };
  };
  const deps: ServerDeps = {
    ...rest,
    clock,
    metrics,
    jobs,
    audit: rest.audit ?? createMemoryAuditLog(clock),
    readiness: [modelReady, ...(readiness ?? [])],
  };
  app.decorate('apiCatalog', []);
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  installRequestMetrics(app, metrics);
  if (rateLimit !== false) installRateLimit(app, rateLimit ?? DEFAULT_RATE, clock);
  installAuth(app, auth?.tokens);
  for (const register of ROUTES) register(app, deps);
  for (const start of background ?? []) start(app, deps);
  return app;
}
