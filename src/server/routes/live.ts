/**
 * The live network and plan against actual: `GET /v1/live` (inventories, throughput, shipments in
 * transit, latest assays and readings, open maintenance), `GET /v1/live/events` (the same as
 * server-sent events, refreshed as telemetry arrives) and `GET /v1/plan-vs-actual` (a finished
 * plan job compared with the measured quantities per facility and period).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  comparePlanToActual,
  liveSnapshotSchema,
  periodBounds,
  planVsActualRowSchema,
  summarizeActuals,
  type LiveSnapshot,
  type OperateStore,
  type PlanVsActualRow,
} from '../../monitor/index.js';
import type { PlanResult } from '../../plan/index.js';
import { PLANNERS } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema } from '../schemas.js';
import { facilityScopeOf, requireFacilityInScope, type FacilityScope } from '../scope.js';
import { openEventStream } from '../sse.js';
import { definedFields } from '../../defined-fields.js';

const liveQuery = z.object({ facility: z.string().optional() });
const planVsActualQuery = z.object({
  plan: z.string().optional().meta({ description: 'plan job id (default: the newest succeeded plan)' }),
  facility: z.string().optional(),
  asOf: z
    .union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((t) => Date.parse(t))])
    .optional()
    .meta({ description: 'compare as of this time (default: now)' }),
});

/** The plan to compare with: the given finished plan job, or the newest succeeded one. */
function findPlan(
  deps: ServerDeps,
  id: string | undefined,
): { id: string; model: string; result: PlanResult } {
  const jobs = id === undefined ? deps.jobs.list('plan') : [deps.jobs.get(id)].filter((j) => j !== undefined);
  const job = jobs.find((j) => j.kind === 'plan' && j.status === 'succeeded' && j.result !== undefined);
  if (!job) {
    throw new ApiError(
      id === undefined ? 'PLAN_NOT_FOUND' : 'PLAN_NOT_FOUND',
      id === undefined
        ? 'no finished plan to compare with; start one with POST /v1/plans and pass its id as ?plan='
        : `no finished plan '${id}'`,
    );
  }
  const input = job.input as { model?: string };
  return { id: job.id, model: input.model ?? '', result: job.result as PlanResult };
}

/** Compares a plan with the store's daily aggregates over the plan horizon. */
export async function comparePlanWithStore(
  deps: ServerDeps,
  store: OperateStore,
  options: { plan?: string; facility?: string; asOf: number },
): Promise<{ plan: string; model: string; rows: PlanVsActualRow[] }> {
  const plan = findPlan(deps, options.plan);
  const entry = await deps.models.get(plan.model);
  if (!entry?.model)
    throw new ApiError(
      'MODEL_NOT_FOUND',
      `the model '${plan.model}' of plan '${plan.id}' is no longer available`,
    );
  const horizon = entry.model.horizon;
  const bounds = periodBounds(horizon);
  const from = bounds[0]?.start ?? 0;
  const to = Math.min(bounds[bounds.length - 1]?.end ?? 0, options.asOf + 1);
  const kinds = ['production', 'inventory', 'shipment'] as const;
  const aggregates = await Promise.all(
    kinds.map(async (kind) => ({
      kind,
      rows: await store.telemetry.aggregate({
        kind,
        bucket: 'day',
        from,
        to,
        ...definedFields({ facility: options.facility }),
      }),
    })),
  );
  const actuals = summarizeActuals(horizon, aggregates);
  return {
    plan: plan.id,
    model: plan.model,
    rows: comparePlanToActual(horizon, plan.result, actuals, {
      asOf: options.asOf,
      ...definedFields({ facility: options.facility }),
    }),
  };
}

/**
 * A live snapshot cut to the caller's facilities (a shipment shows when either end is in scope).
 * Every field is named here, none spread through: a field added to the snapshot does not compile
 * here until it is cut or recounted for the scope, so server-wide numbers cannot slip through.
 */
export function snapshotInScope(snapshot: LiveSnapshot, scope: FacilityScope): LiveSnapshot {
  if (scope.all) return snapshot;
  const keep = <T extends { facility: string }>(rows: T[]): T[] => rows.filter((r) => scope.has(r.facility));
  const eventsByFacility = keep(snapshot.eventsByFacility);
  return {
    time: snapshot.time,
    events: eventsByFacility.reduce((sum, f) => sum + f.events, 0),
    eventsByFacility,
    inventories: keep(snapshot.inventories),
    throughput: keep(snapshot.throughput),
    assays: keep(snapshot.assays),
    sensors: keep(snapshot.sensors),
    maintenance: keep(snapshot.maintenance),
    lastSeen: keep(snapshot.lastSeen),
    inTransit: snapshot.inTransit.filter((s) => scope.has(s.from) || scope.has(s.to)),
  };
}

export function registerLiveRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/live',
      summary: "the live state of the network from telemetry, cut to the caller's facilities",
      tags: ['operate'],
      roles: PLANNERS,
      query: liveQuery,
      responses: {
        200: { description: 'snapshot', schema: liveSnapshotSchema },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      if (query.facility !== undefined) requireFacilityInScope(scope, query.facility);
      return snapshotInScope(
        operate.live.snapshot(deps.clock(), query.facility === undefined ? {} : { facility: query.facility }),
        scope,
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/live/events',
      summary:
        "the live state as server-sent events: 'snapshot' now and at most once a second while telemetry arrives; 'alert' on each alert change",
      tags: ['operate'],
      roles: PLANNERS,
      query: liveQuery,
      responses: {
        200: { description: 'event stream', contentType: 'text/event-stream' },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request, reply }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      if (query.facility !== undefined) requireFacilityInScope(scope, query.facility);
      const filter = query.facility === undefined ? {} : { facility: query.facility };
      const stream = openEventStream(request, reply);
      stream.send('snapshot', snapshotInScope(operate.live.snapshot(deps.clock(), filter), scope));
      let timer: NodeJS.Timeout | undefined;
      const unsubscribe = operate.subscribe((message) => {
        if (message.type === 'alert') {
          const facility = message.change.alert.facility;
          if (
            (query.facility === undefined || facility === query.facility) &&
            (scope.all || (facility !== undefined && scope.has(facility)))
          )
            stream.send('alert', message.change);
          return;
        }
        if (query.facility !== undefined && !message.facilities.includes(query.facility)) return;
        if (!scope.all && !message.facilities.some((f) => scope.has(f))) return;
        timer ??= setTimeout(() => {
          timer = undefined;
          stream.send('snapshot', snapshotInScope(operate.live.snapshot(deps.clock(), filter), scope));
        }, 1000);
      });
      stream.onClose(() => {
        unsubscribe();
        if (timer) clearTimeout(timer);
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/plan-vs-actual',
      summary:
        'planned against measured production, inventory and shipments per facility and period, with deviations',
      tags: ['operate'],
      roles: PLANNERS,
      query: planVsActualQuery,
      responses: {
        200: {
          description: 'rows',
          schema: z.object({
            plan: z.string(),
            model: z.string(),
            asOf: z.number(),
            rows: z.array(planVsActualRowSchema),
          }),
        },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        404: { description: 'no finished plan', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const asOf = query.asOf ?? deps.clock();
      const { store } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      if (query.facility !== undefined) requireFacilityInScope(scope, query.facility);
      const result = await comparePlanWithStore(deps, store, {
        asOf,
        ...definedFields({ plan: query.plan, facility: query.facility }),
      });
      return { ...result, rows: result.rows.filter((r) => scope.has(r.facility)), asOf };
    },
  );
}
