/**
 * What route modules get: `ServerDeps`. Capabilities extend it by adding OPTIONAL fields (a
 * telemetry store, a broker, an alert engine…) in this file, passed to `createApp` by
 * `reeflow serve` or a test; a route that needs a missing one answers 503 UNAVAILABLE.
 */
import type { Solver } from '../solver/index.js';
import type { OperateService, OperateStore } from '../monitor/index.js';
import type { TelemetryBroker } from './mqtt.js';
import type { JobRunner } from './jobs.js';
import type { AuditLog } from './audit.js';
import type { MetricsRegistry } from './metrics.js';
import type { ModelRegistry } from './models.js';
import { ApiError } from './errors.js';

/** Milliseconds since the epoch; tests pass a fixed clock. */
export type Clock = () => number;

/** A readiness probe for `/readyz`: resolves `ok: false` (or throws) when not ready. */
export type ReadinessCheck = () => Promise<{ name: string; ok: boolean; detail?: string }>;

export interface ServerDeps {
  models: ModelRegistry;
  /** A fresh solver per job; the job disposes it. */
  createSolver: () => Solver;
  clock: Clock;
  jobs: JobRunner;
  metrics: MetricsRegistry;
  readiness: ReadinessCheck[];
  /** Issue 9: where every change is recorded (createApp keeps one in memory when none is given). */
  audit: AuditLog;
  // Capabilities add optional fields below this line, one each, e.g. `telemetry?: TelemetryStore;`
  /** Operate (issue 6): the telemetry and alert store. */
  store?: OperateStore;
  /** Operate (issue 6): the MQTT broker (embedded) or bridge (external). */
  broker?: TelemetryBroker;
  /** Operate (issue 6): ingestion, live state and alerts over `store`. */
  operate?: OperateService;
}

/** The operate service or a 503 saying how to get one. */
export function requireOperate(deps: ServerDeps): { operate: OperateService; store: OperateStore } {
  if (!deps.operate || !deps.store)
    throw new ApiError(
      'UNAVAILABLE',
      'telemetry is not enabled on this server (start it with reeflow serve, which opens a store in --data-dir or --database)',
    );
  return { operate: deps.operate, store: deps.store };
}
