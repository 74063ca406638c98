/**
 * Alerts: list, read, acknowledge, and a live feed over server-sent events; the rule routes
 * (alert-rules.ts) and webhook routes (alert-webhooks.ts) are registered from here, in the order
 * the API document lists them.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertSchema, type Alert } from '../../monitor/index.js';
import { PLANNERS, type Principal } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import { facilityScopeOf, queryInScope, servedModel, toAuditScope, type FacilityScope } from '../scope.js';
import { openEventStream } from '../sse.js';

import { registerAlertRuleRoutes } from './alert-rules.js';
import { registerAlertWebhookRoutes } from './alert-webhooks.js';
import { definedFields } from '../../defined-fields.js';

const listQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  acknowledged: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  facility: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const ackBody = z
  .object({ note: z.string().max(2000).optional(), by: z.string().max(200).optional() })
  .strict()
  .default({});
/** True when an alert concerns a facility in scope (alerts about no facility are for whole-network callers). */
const alertInScope = (scope: FacilityScope, alert: { facility?: string }): boolean =>
  scope.all || (alert.facility !== undefined && scope.has(alert.facility));

export function registerAlertRoutes(app: FastifyInstance, deps: ServerDeps): void {
  /** An alert the caller may see: 404 when unknown, 403 OUT_OF_SCOPE when another facility's. */
  const findAlertInScope = async (id: string, principal: Principal): Promise<Alert> => {
    const alert = await requireOperate(deps).store.alerts.get(id);
    if (!alert) throw new ApiError('NOT_FOUND', `no alert '${id}'`);
    if (!alertInScope(await facilityScopeOf(deps, principal), alert))
      throw new ApiError(
        'OUT_OF_SCOPE',
        `alert '${id}' is about ${alert.facility === undefined ? 'no single facility' : `facility '${alert.facility}'`}, outside the scope of this token`,
      );
    return alert;
  };

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/alerts',
      summary: 'alerts, newest first, by status, acknowledgement and facility',
      tags: ['alerts'],
      roles: PLANNERS,
      query: listQuery,
      responses: {
        200: {
          description: "alerts of the caller's facilities",
          schema: z.object({ alerts: z.array(alertSchema) }),
        },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ query, request }) => {
      const { store } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      const filter = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
      const alerts = await queryInScope(scope, query.facility, (facility) =>
        store.alerts.list({ ...filter, ...definedFields({ facility }) }),
      );
      if (scope.all || query.facility !== undefined) return { alerts };
      // Facilities listed one by one: newest first again, and the limit once more.
      alerts.sort((a, b) => b.lastTime - a.lastTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { alerts: query.limit === undefined ? alerts : alerts.slice(0, query.limit) };
    },
  );

  registerAlertRuleRoutes(app, deps);
  registerAlertWebhookRoutes(app, deps);

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/alerts/events',
      summary:
        "alert changes as server-sent events: 'open' (the open alerts) first, then 'alert' per change (of the caller's facilities)",
      tags: ['alerts'],
      roles: PLANNERS,
      responses: {
        200: { description: 'event stream', contentType: 'text/event-stream' },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ request, reply }) => {
      const { operate, store } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      const open = (await store.alerts.list({ status: 'open' })).filter((a) => alertInScope(scope, a));
      const stream = openEventStream(request, reply);
      stream.send('open', open);
      const unsubscribe = operate.subscribe((message) => {
        if (message.type === 'alert' && alertInScope(scope, message.change.alert))
          stream.send('alert', message.change, message.change.alert.id);
      });
      stream.onClose(unsubscribe);
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/alerts/:id',
      summary: 'one alert',
      tags: ['alerts'],
      roles: PLANNERS,
      params: idParams,
      responses: {
        200: { description: 'the alert', schema: alertSchema },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        404: { description: 'unknown alert', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ params, request }) => findAlertInScope(params.id, request.principal),
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/alerts/:id/ack',
      summary: 'acknowledge an alert (it stays open until its condition clears)',
      tags: ['alerts'],
      roles: PLANNERS,
      params: idParams,
      body: ackBody,
      responses: {
        200: { description: 'the acknowledged alert (audited)', schema: alertSchema },
        403: { description: 'facility outside the token scope', schema: errorSchema },
        404: { description: 'unknown alert', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ params, body, request }) => {
      const { operate } = requireOperate(deps);
      const before = await findAlertInScope(params.id, request.principal);
      const by = body.by ?? request.principal.name;
      const alert = await operate.acknowledge(params.id, by, body.note);
      if (!alert) throw new ApiError('NOT_FOUND', `no alert '${params.id}'`);
      await deps.audit.record({
        actor: request.principal,
        action: 'alert.acknowledge',
        target: `alerts/${alert.id}`,
        requestId: request.id,
        ...(alert.facility === undefined ? {} : toAuditScope(await servedModel(deps), alert.facility)),
        before: { acknowledged: before.acknowledged ?? null },
        after: {
          acknowledged: alert.acknowledged ?? null,
          ...definedFields({ note: body.note }),
        },
      });
      return alert;
    },
  );
}
