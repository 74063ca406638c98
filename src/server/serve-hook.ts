/**
 * What a serve hook is: a capability's part of `reeflow serve` (a store, a broker, an audit log) that
 * starts before the app is built and adds deps, readiness probes, background tasks and a close step.
 * Hooks import this file, not main.ts, so main.ts can list them without an import loop.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SolverName } from '../solver/index.js';
import type { TokenStore } from './auth.js';
import type { Clock, ReadinessCheck, ServerDeps } from './deps.js';

/** Work started with the app, e.g. a timer: registers its own onReady/onClose hooks on `app`. */
export type BackgroundTask = (app: FastifyInstance, deps: ServerDeps) => void;

/** Everything `reeflow serve` was asked for; hooks read the parts they own. */
export interface ServeOptions {
  /** A model file or folder to serve (becomes the default model); bundled models are always listed. */
  model?: string;
  port: number;
  host: string;
  /** Where the embedded store keeps its files (operate: SQLite). */
  dataDir: string;
  /** `postgres://…`: use PostgreSQL instead of the embedded store. */
  database?: string;
  /** `mqtt://host:port`: an external broker instead of the embedded one. */
  mqtt?: string;
  /** Port of the embedded broker. */
  mqttPort?: number;
  /** Requests per second per client; 0 turns limiting off. */
  rateLimit?: number;
  /** Issue 13: jobs that may wait in all, and per principal (`--max-queued-jobs`, `--max-queued-jobs-per-user`). */
  jobQueue?: { maxQueued?: number; maxQueuedPerPrincipal?: number };
  /** JSON file of tokens `[{id, name, role, token | hash}]`; auth is off without it. */
  tokensFile?: string;
  /**
   * Issue 9: true — use `<dataDir>/tokens.json`, creating an admin token on first start (printed once,
   * with a dashboard URL that signs in); false — auth off even if tokens exist (`reeflow serve
   * --no-auth`); unset — tokens only when the data folder has some.
   */
  embeddedAuth?: boolean;
  solver: SolverName;
  /** pino level; default info. */
  logLevel?: string;
  cwd: string;
  /** PATH for native solvers. */
  path?: string;
}

/** What a serve hook adds: dependencies for the routes, readiness probes, lines to print, a close step. */
export interface ServeExtension {
  deps?: Partial<ServerDeps>;
  readiness?: ReadinessCheck[];
  /** Printed after the URL, e.g. 'MQTT broker on mqtt://127.0.0.1:1883'. */
  describe?: string[];
  close?: () => Promise<void>;
  /** Started with the app (after its routes), with the app's deps: timers and other work in the background. */
  background?: BackgroundTask[];
}

export type ServeHook = (
  options: ServeOptions,
  context: { log: FastifyBaseLogger; clock: Clock; tokens?: TokenStore },
) => Promise<ServeExtension>;
