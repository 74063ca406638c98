/**
 * Evaluating the missing-data and plan-deviation alert rules: on request (`POST /v1/alerts/evaluate`)
 * and every 30 s while `reeflow serve` runs, a background task the operate serve hook starts.
 */
import type { FastifyInstance } from 'fastify';
import type { AlertChange } from '../monitor/index.js';
import { requireOperate, type ServerDeps } from './deps.js';
import { comparePlanWithStore } from './routes/live.js';
import type { FacilityScope } from './scope.js';

/** How often missing-data and plan-deviation rules run. */
const EVALUATE_EVERY_MS = 30_000;

/**
 * Runs the missing-data and plan-deviation rules (plan deviation against the newest finished plan,
 * when a rule asks for it) over every facility, or only over the facilities of a scoped caller, so
 * such a caller never raises, stores or sends alerts about facilities it cannot see.
 */
export async function evaluateAlertRules(deps: ServerDeps, scope?: FacilityScope): Promise<AlertChange[]> {
  const { operate, store } = requireOperate(deps);
  let rows;
  if (
    operate.rules.some((r) => r.kind === 'plan-deviation') &&
    deps.jobs.list('plan').some((j) => j.status === 'succeeded')
  ) {
    rows = (await comparePlanWithStore(deps, store, { asOf: deps.clock() })).rows;
  }
  return operate.evaluate(rows, scope === undefined || scope.all ? {} : { facilities: new Set(scope.ids) });
}

/**
 * The background task that evaluates the rules every 30 s from the app's start to its close.
 *
 * @example createApp({ ...options, background: [evaluateAlertsPeriodically] })
 */
export function evaluateAlertsPeriodically(app: FastifyInstance, deps: ServerDeps): void {
  if (!deps.operate || !deps.store) return;
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(
      () =>
        void evaluateAlertRules(deps).catch((error: unknown) =>
          app.log.warn({ err: error }, 'alert evaluation failed'),
        ),
      EVALUATE_EVERY_MS,
    );
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
