/**
 * Alerts: list, read, acknowledge; the rules in force; webhooks (add, list, remove); a live feed
 * over server-sent events; and the periodic evaluation of missing-data and plan-deviation rules.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SEVERITIES, type Alert, type AlertChange } from '../../monitor/index.js';
import { PLANNERS, type Principal } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import { facilityScopeOf, queryInScope, requireWholeNetwork, servedModel, toAuditScope, type FacilityScope } from '../scope.js';
import { openEventStream } from '../sse.js';
import { comparePlanWithStore } from './live.js';
import { requireOperate } from './telemetry.js';

/** How often missing-data and plan-deviation rules run. */
const EVALUATE_EVERY_MS = 30_000;

const alertSchema = z.record(z.string(), z.unknown()).meta({ id: 'Alert' });
const listQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  facility: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const ackBody = z.object({ note: z.string().max(2000).optional(), by: z.string().max(200).optional() }).strict().default({});
const webhookBody = z.object({ url: z.url({ protocol: /^https?$/ }), minSeverity: z.enum(SEVERITIES).default('warning') }).strict();

/** True when an alert concerns a facility in scope (alerts about no facility are for whole-network callers). */
const alertInScope = (scope: FacilityScope, alert: { facility?: string }): boolean => scope.all || (alert.facility !== undefined && scope.has(alert.facility));

/**
 * Runs the missing-data and plan-deviation rules (plan deviation against the newest finished plan,
 * when a rule asks for it) over every facility, or only over the facilities of a scoped caller, so
 * such a caller never raises, stores or sends alerts about facilities it cannot see.
 */
async function evaluateRules(deps: ServerDeps, scope?: FacilityScope): Promise<AlertChange[]> {
  const { operate, store } = requireOperate(deps);
  let rows;
  if (operate.rules.some((r) => r.kind === 'plan-deviation') && deps.jobs.list('plan').some((j) => j.status === 'succeeded')) {
    rows = (await comparePlanWithStore(deps, store, { asOf: deps.clock() })).rows;
  }
  return operate.evaluate(rows, scope === undefined || scope.all ? {} : { facilities: new Set(scope.ids) });
}

export function registerAlertRoutes(app: FastifyInstance, deps: ServerDeps): void {
  if (deps.operate) {
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void evaluateRules(deps).catch((error: unknown) => app.log.warn({ err: error }, 'alert evaluation failed')), EVALUATE_EVERY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  /** An alert the caller may see: 404 when unknown, 403 OUT_OF_SCOPE when another facility's. */
  const findAlertInScope = async (id: string, principal: Principal): Promise<Alert> => {
    const alert = await requireOperate(deps).store.alerts.get(id);
    if (!alert) throw new ApiError('NOT_FOUND', `no alert '${id}'`);
    if (!alertInScope(await facilityScopeOf(deps, principal), alert)) throw new ApiError('OUT_OF_SCOPE', `alert '${id}' is about ${alert.facility === undefined ? 'no single facility' : `facility '${alert.facility}'`}, outside the scope of this token`);
    return alert;
  };

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts', summary: 'alerts, newest first, by status, acknowledgement and facility', tags: ['alerts'], roles: PLANNERS, query: listQuery,
    responses: { 200: { description: "alerts of the caller's facilities", schema: z.object({ alerts: z.array(alertSchema) }) }, 403: { description: 'facility outside the token scope', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ query, request }) => {
    const { store } = requireOperate(deps);
    const scope = await facilityScopeOf(deps, request.principal);
    const filter = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    const alerts = await queryInScope(scope, query.facility, (facility) => store.alerts.list({ ...filter, ...(facility === undefined ? {} : { facility }) }));
    if (scope.all || query.facility !== undefined) return { alerts };
    // Facilities listed one by one: newest first again, and the limit once more.
    alerts.sort((a, b) => b.lastTime - a.lastTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { alerts: query.limit === undefined ? alerts : alerts.slice(0, query.limit) };
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/rules', summary: "the alert rules in force (for scoped tokens: those of all facilities or of one in scope)", tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'rules', schema: z.object({ rules: z.array(z.record(z.string(), z.unknown())) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ request }) => {
    const { operate } = requireOperate(deps);
    const scope = await facilityScopeOf(deps, request.principal);
    return { rules: operate.rules.filter((r) => !('facility' in r) || r.facility === undefined || scope.has(r.facility)) };
  });

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/evaluate', summary: "run the missing-data and plan-deviation rules now, over the caller's facilities (they also run every 30 s over all)", tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'the changes', schema: z.object({ changes: z.array(z.record(z.string(), z.unknown())) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ request }) => ({ changes: await evaluateRules(deps, await facilityScopeOf(deps, request.principal)) }));

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/webhooks', summary: 'webhook subscriptions (they carry every facility\'s alerts: tokens without a scope only)', tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'webhooks', schema: z.object({ webhooks: z.array(z.record(z.string(), z.unknown())) }) }, 403: { description: 'a scoped token', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ request }) => {
    const { store } = requireOperate(deps);
    requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
    return { webhooks: await store.alerts.listWebhooks() };
  });

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/webhooks', summary: 'subscribe a URL to alert changes at or above a severity (POSTed as JSON)', tags: ['alerts'], roles: PLANNERS, body: webhookBody,
    responses: { 201: { description: 'created and audited', schema: z.record(z.string(), z.unknown()) }, 400: { description: 'bad body', schema: errorSchema }, 403: { description: 'a scoped token', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ body, request, reply }) => {
    const { store } = requireOperate(deps);
    requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
    const webhook = { id: `wh-${randomUUID()}`, url: body.url, minSeverity: body.minSeverity, created: deps.clock() };
    await store.alerts.addWebhook(webhook);
    await deps.audit.record({ actor: request.principal, action: 'webhook.add', target: `webhooks/${webhook.id}`, after: webhook, requestId: request.id });
    return reply.status(201).send(webhook);
  });

  defineRoute(app, {
    method: 'DELETE', url: '/v1/alerts/webhooks/:id', summary: 'remove a webhook', tags: ['alerts'], roles: PLANNERS, params: idParams,
    responses: { 204: { description: 'removed and audited' }, 403: { description: 'a scoped token', schema: errorSchema }, 404: { description: 'unknown webhook', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params, request, reply }) => {
    const { store } = requireOperate(deps);
    requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
    const before = (await store.alerts.listWebhooks()).find((w) => w.id === params.id);
    if (!before || !(await store.alerts.removeWebhook(params.id))) throw new ApiError('NOT_FOUND', `no webhook '${params.id}'`);
    await deps.audit.record({ actor: request.principal, action: 'webhook.remove', target: `webhooks/${params.id}`, before, requestId: request.id });
    return reply.status(204).send();
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/events', summary: "alert changes as server-sent events: 'open' (the open alerts) first, then 'alert' per change (of the caller's facilities)", tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'event stream', contentType: 'text/event-stream' }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ request, reply }) => {
    const { operate, store } = requireOperate(deps);
    const scope = await facilityScopeOf(deps, request.principal);
    const open = (await store.alerts.list({ status: 'open' })).filter((a) => alertInScope(scope, a));
    const stream = openEventStream(request, reply);
    stream.send('open', open);
    const unsubscribe = operate.subscribe((message) => {
      if (message.type === 'alert' && alertInScope(scope, message.change.alert)) stream.send('alert', message.change, message.change.alert.id);
    });
    stream.onClose(unsubscribe);
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/:id', summary: 'one alert', tags: ['alerts'], roles: PLANNERS, params: idParams,
    responses: { 200: { description: 'the alert', schema: alertSchema }, 403: { description: 'facility outside the token scope', schema: errorSchema }, 404: { description: 'unknown alert', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params, request }) => findAlertInScope(params.id, request.principal));

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/:id/ack', summary: 'acknowledge an alert (it stays open until its condition clears)', tags: ['alerts'], roles: PLANNERS, params: idParams, body: ackBody,
    responses: { 200: { description: 'the acknowledged alert (audited)', schema: alertSchema }, 403: { description: 'facility outside the token scope', schema: errorSchema }, 404: { description: 'unknown alert', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params, body, request }) => {
    const { operate } = requireOperate(deps);
    const before = await findAlertInScope(params.id, request.principal);
    const by = body.by ?? request.principal.name;
    const alert = await operate.acknowledge(params.id, by, body.note);
    if (!alert) throw new ApiError('NOT_FOUND', `no alert '${params.id}'`);
    await deps.audit.record({
      actor: request.principal, action: 'alert.acknowledge', target: `alerts/${alert.id}`, requestId: request.id, ...(alert.facility === undefined ? {} : toAuditScope(await servedModel(deps), alert.facility)),
      before: { acknowledged: before.acknowledged ?? null }, after: { acknowledged: alert.acknowledged ?? null, ...(body.note === undefined ? {} : { note: body.note }) },
    });
    return alert;
  });
}
