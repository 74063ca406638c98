/**
 * `startServer`: the only place that listens. Builds the model registry (bundled models plus the
 * one given), the solver factory and the logger, runs the serve hooks (store, broker…) and binds.
 */
import { CodedError } from '../coded-error.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { z } from 'zod';
import { createSolver } from '../solver/index.js';
import { createApp, type AppOptions } from './app.js';
import { createMemoryTokenStore, ROLES, type TokenStore } from './auth.js';
import { createMetrics, type Counter, type MetricsRegistry } from './metrics.js';
import { withRuntimeMetrics } from './runtime-metrics.js';
import type { Clock } from './deps.js';
import { operateServeHook } from './operate.js';
import { ensureAdminToken, openTokenFile, type TokenFileStore } from './tokens.js';
import { auditServeHook } from './audit-hook.js';
import {
  BUNDLED_DATA_DIR,
  createModelRegistry,
  findBundledModels,
  toModelId,
  type ModelPath,
} from './models.js';

import type { ServeExtension, ServeHook, ServeOptions } from './serve-hook.js';
import { definedFields } from '../defined-fields.js';

export type { ServeExtension, ServeHook, ServeOptions } from './serve-hook.js';

/** Started before the app is built, in order; closed in reverse. Capabilities add one line each. */
export const SERVE_HOOKS: readonly ServeHook[] = [
  operateServeHook, // operate (issue 6): store in --data-dir/--database, MQTT on --mqtt-port or --mqtt
  auditServeHook, // coordinate (issue 9): audit log in --data-dir/audit.jsonl
];

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  /** Lines for the terminal: the URL, the default model, what the hooks started. */
  describe: string[];
  close(): Promise<void>;
}

/** A coded error of `startServer` (the CLI prints code and message). */
export class ServeError extends CodedError<'SERVE_PORT_IN_USE' | 'SERVE_BAD_TOKENS' | 'SERVE_LISTEN_FAILED'> {
  override readonly name = 'ServeError';
}

const tokensFileSchema = z.array(
  z.union([
    z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), token: z.string().min(16) }).strict(),
    z
      .object({
        id: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        hash: z.string().regex(/^[0-9a-fA-F]{64}$/),
      })
      .strict(),
  ]),
);

async function readTokens(file: string): Promise<TokenStore> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ServeError(
      'SERVE_BAD_TOKENS',
      `cannot read tokens from '${file}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = tokensFileSchema.safeParse(parsed);
  if (!result.success)
    throw new ServeError(
      'SERVE_BAD_TOKENS',
      `'${file}' must be a JSON array of {id, name, role, token (16+ chars) | hash (sha256 hex)}: ${result.error.issues[0]?.message ?? ''}`,
    );
  return createMemoryTokenStore(result.data);
}

/** Issue 9: the data folder's token file when it exists (or embedded auth is asked for); else none. */
async function openEmbeddedTokens(options: ServeOptions): Promise<TokenFileStore | undefined> {
  const dataDir = resolve(options.cwd, options.dataDir);
  if (options.embeddedAuth === false) return undefined; // --no-auth: single-user mode even when tokens exist
  const store = await openTokenFile(dataDir);
  return store.list().length > 0 || options.embeddedAuth === true ? store : undefined;
}

/** The model paths to serve: the given model first (the default), then the bundled ones. */
async function toModelPaths(options: ServeOptions): Promise<{ paths: ModelPath[]; defaultId?: string }> {
  const bundled = await findBundledModels(BUNDLED_DATA_DIR);
  if (options.model === undefined)
    return { paths: bundled, ...(bundled.some((b) => b.id === 'world') ? { defaultId: 'world' } : {}) };
  const path = resolve(options.cwd, options.model);
  const same = bundled.find((b) => resolve(b.path) === path);
  if (same) return { paths: bundled, defaultId: same.id };
  let id = toModelId(path);
  while (bundled.some((b) => b.id === id)) id = `${id}-local`;
  return { paths: [{ id, path, source: 'file' }, ...bundled], defaultId: id };
}

/** Servers of this process that hear of errors nothing caught; the process listeners are there while any is. */
const guardedServers = new Set<{ log: FastifyBaseLogger; uncaught: Counter }>();

function reportUncaught(kind: 'exception' | 'rejection', error: unknown): void {
  for (const server of guardedServers) {
    server.uncaught.inc();
    try {
      server.log.error(
        { err: error, kind },
        `uncaught ${kind}; the server keeps serving. This is a bug: please report it with this stack`,
      );
    } catch {
      // A throw inside this listener would end the process after all; the count above still shows it.
    }
  }
}
const onUncaughtException = (error: Error): void => reportUncaught('exception', error);
const onUnhandledRejection = (reason: unknown): void => reportUncaught('rejection', reason);

/**
 * The last line of defence (STYLE habit 11: no input from outside ends the process): an exception
 * or rejection that no handler caught is logged at error level with its stack and counted in
 * `reeflow_uncaught_errors_total`, and the server keeps serving. Every such error is a bug (the
 * fuzz suite asserts the counter stays 0). Returns the step that removes it.
 */
function installUncaughtGuard(log: FastifyBaseLogger, uncaught: Counter): () => void {
  const server = { log, uncaught };
  if (guardedServers.size === 0) {
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
  }
  guardedServers.add(server);
  return () => {
    if (!guardedServers.delete(server) || guardedServers.size > 0) return;
    process.off('uncaughtException', onUncaughtException);
    process.off('unhandledRejection', onUnhandledRejection);
  };
}

/**
 * Starts the server and resolves once it listens.
 *
 * @example const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: '.reeflow', solver: 'highs', cwd: process.cwd() });
 */
export async function startServer(
  options: ServeOptions,
  hooks: readonly ServeHook[] = SERVE_HOOKS,
): Promise<RunningServer> {
  const log = pino({ level: options.logLevel ?? 'info', base: { service: 'reeflow' } }, pino.destination(2));
  const clock: Clock = Date.now;
  // Event-loop delay and memory read at each /metrics render (the fuzz suite asserts on them).
  const metrics = withRuntimeMetrics(createMetrics());
  const uncaught = metrics.counter(
    'reeflow_uncaught_errors_total',
    'exceptions and promise rejections no handler caught (each is a bug; the server kept serving)',
  );
  uncaught.inc({}, 0);
  const removeGuard = installUncaughtGuard(log, uncaught);
  const release = (): void => {
    removeGuard();
    metrics.close();
  };
  try {
    return await startGuardedServer(options, hooks, { log, clock, metrics, removeGuard: release });
  } catch (error) {
    release();
    throw error;
  }
}

/** The rest of `startServer`, under the uncaught-error guard (removed when the server closes or fails to start). */
async function startGuardedServer(
  options: ServeOptions,
  hooks: readonly ServeHook[],
  context: { log: FastifyBaseLogger; clock: Clock; metrics: MetricsRegistry; removeGuard: () => void },
): Promise<RunningServer> {
  const { log, clock, metrics, removeGuard } = context;
  // --- issue 9 (coordinate): tokens from <data-dir>/tokens.json when it exists or embeddedAuth asks;
  // on first start embeddedAuth creates an admin token, printed once below. ---
  const tokenFile = options.tokensFile === undefined ? await openEmbeddedTokens(options) : undefined;
  const firstAdminToken =
    tokenFile && options.embeddedAuth === true ? await ensureAdminToken(tokenFile) : undefined;
  // --- end issue 9 ---
  const tokens =
    options.tokensFile === undefined ? tokenFile : await readTokens(resolve(options.cwd, options.tokensFile));
  const { paths, defaultId } = await toModelPaths(options);
  const models = createModelRegistry(paths, defaultId === undefined ? {} : { defaultId });
  const extensions: ServeExtension[] = [];
  const closeAll = async (): Promise<void> => {
    for (const extension of [...extensions].reverse()) await extension.close?.();
  };
  try {
    for (const hook of hooks)
      extensions.push(await hook(options, { log, clock, ...(tokens ? { tokens } : {}) }));
  } catch (error) {
    await closeAll();
    throw error;
  }
  const appOptions: AppOptions = {
    ...Object.assign({}, ...extensions.map((e) => e.deps ?? {})),
    models,
    createSolver: () => createSolver(options.solver, { path: options.path ?? '' }),
    clock,
    metrics,
    logger: log,
    readiness: extensions.flatMap((e) => e.readiness ?? []),
    background: extensions.flatMap((e) => e.background ?? []),
    ...(tokens ? { auth: { tokens } } : {}),
    ...(options.rateLimit === undefined
      ? {}
      : { rateLimit: options.rateLimit > 0 ? { perSecond: options.rateLimit } : false }),
    ...definedFields({ jobQueue: options.jobQueue }),
  };
  const app = createApp(appOptions);
  // Every registered model is loaded and checked before the first request: loading data/world takes
  // about a second of the event loop, which a lazy load would take from whichever request came
  // first (GET /v1/models lists them all) and from every client waiting behind it, /healthz too.
  await models.list();
  let address: string;
  try {
    address = await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    await closeAll();
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new ServeError(
        'SERVE_PORT_IN_USE',
        `port ${options.port} on ${options.host} is already in use (another reeflow serve?); pick another with --port N, or --port 0 for any free port`,
      );
    }
    throw new ServeError(
      'SERVE_LISTEN_FAILED',
      `cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    app,
    describe: [
      `reeflow serving on ${url}  (API ${url}/v1, OpenAPI ${url}/v1/openapi.json)`,
      `default model: ${models.defaultId ?? 'none'}; ${models.ids().length} models available`,
      tokens ? 'auth: bearer tokens required' : 'auth: off (single-user mode; every request is allowed)',
      ...(firstAdminToken === undefined
        ? []
        : [
            `admin token (shown once, only its hash is kept in ${tokenFile?.file ?? ''}): ${firstAdminToken}`,
            `open the dashboard signed in: ${url}/#token=${firstAdminToken}`,
          ]),
      ...extensions.flatMap((e) => e.describe ?? []),
    ],
    async close() {
      try {
        await app.close();
        await closeAll();
      } finally {
        removeGuard();
      }
    },
  };
}
