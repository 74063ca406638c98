/**
 * Alerts: list, read, acknowledge; the rules in force; webhooks (add, list, remove); a live feed
 * over server-sent events; and the periodic evaluation of missing-data and plan-deviation rules.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SEVERITIES } from '../../monitor/index.js';
import { PLANNERS } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
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

export function registerAlertRoutes(app: FastifyInstance, deps: ServerDeps): void {
  if (deps.operate) {
    const operate = deps.operate;
    let timer: NodeJS.Timeout | undefined;
    const evaluate = async (): Promise<void> => {
      let rows;
      if (operate.rules.some((r) => r.kind === 'plan-deviation') && deps.store && deps.jobs.list('plan').some((j) => j.status === 'succeeded')) {
        rows = (await comparePlanWithStore(deps, deps.store, { asOf: deps.clock() })).rows;
      }
      await operate.evaluate(rows);
    };
    app.addHook('onReady', async () => {
      timer = setInterval(() => void evaluate().catch((error: unknown) => app.log.warn({ err: error }, 'alert evaluation failed')), EVALUATE_EVERY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts', summary: 'alerts, newest first, by status, acknowledgement and facility', tags: ['alerts'], query: listQuery,
    responses: { 200: { description: 'alerts', schema: z.object({ alerts: z.array(alertSchema) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ query }) => {
    const filter = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    return { alerts: await requireOperate(deps).store.alerts.list(filter) };
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/rules', summary: 'the alert rules in force', tags: ['alerts'],
    responses: { 200: { description: 'rules', schema: z.object({ rules: z.array(z.record(z.string(), z.unknown())) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async () => ({ rules: requireOperate(deps).operate.rules }));

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/evaluate', summary: 'run the missing-data and plan-deviation rules now (they also run every 30 s)', tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'the changes', schema: z.object({ changes: z.array(z.record(z.string(), z.unknown())) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async () => {
    const { operate } = requireOperate(deps);
    const hasPlan = deps.jobs.list('plan').some((j) => j.status === 'succeeded');
    const rows = hasPlan ? (await comparePlanWithStore(deps, requireOperate(deps).store, { asOf: deps.clock() })).rows : undefined;
    return { changes: await operate.evaluate(rows) };
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/webhooks', summary: 'webhook subscriptions', tags: ['alerts'], roles: PLANNERS,
    responses: { 200: { description: 'webhooks', schema: z.object({ webhooks: z.array(z.record(z.string(), z.unknown())) }) }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async () => {
    return { webhooks: await requireOperate(deps).store.alerts.listWebhooks() };
  });

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/webhooks', summary: 'subscribe a URL to alert changes at or above a severity (POSTed as JSON)', tags: ['alerts'], roles: PLANNERS, body: webhookBody,
    responses: { 201: { description: 'created', schema: z.record(z.string(), z.unknown()) }, 400: { description: 'bad body', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ body, reply }) => {
    const webhook = { id: `wh-${randomUUID()}`, url: body.url, minSeverity: body.minSeverity, created: deps.clock() };
    await requireOperate(deps).store.alerts.addWebhook(webhook);
    return reply.status(201).send(webhook);
  });

  defineRoute(app, {
    method: 'DELETE', url: '/v1/alerts/webhooks/:id', summary: 'remove a webhook', tags: ['alerts'], roles: PLANNERS, params: idParams,
    responses: { 204: { description: 'removed' }, 404: { description: 'unknown webhook', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params, reply }) => {
    if (!(await requireOperate(deps).store.alerts.removeWebhook(params.id))) throw new ApiError('NOT_FOUND', `no webhook '${params.id}'`);
    return reply.status(204).send();
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/events', summary: "alert changes as server-sent events: 'open' (the open alerts) first, then 'alert' per change", tags: ['alerts'],
    responses: { 200: { description: 'event stream', contentType: 'text/event-stream' }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ request, reply }) => {
    const { operate } = requireOperate(deps);
    const stream = openEventStream(request, reply);
    stream.send('open', await requireOperate(deps).store.alerts.list({ status: 'open' }));
    const unsubscribe = operate.subscribe((message) => {
      if (message.type === 'alert') stream.send('alert', message.change, message.change.alert.id);
    });
    stream.onClose(unsubscribe);
  });

  defineRoute(app, {
    method: 'GET', url: '/v1/alerts/:id', summary: 'one alert', tags: ['alerts'], params: idParams,
    responses: { 200: { description: 'the alert', schema: alertSchema }, 404: { description: 'unknown alert', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params }) => {
    const alert = await requireOperate(deps).store.alerts.get(params.id);
    if (!alert) throw new ApiError('NOT_FOUND', `no alert '${params.id}'`);
    return alert;
  });

  defineRoute(app, {
    method: 'POST', url: '/v1/alerts/:id/ack', summary: 'acknowledge an alert (it stays open until its condition clears)', tags: ['alerts'], roles: PLANNERS, params: idParams, body: ackBody,
    responses: { 200: { description: 'the acknowledged alert', schema: alertSchema }, 404: { description: 'unknown alert', schema: errorSchema }, 503: { description: 'telemetry not enabled', schema: errorSchema } },
  }, async ({ params, body, request }) => {
    const { operate } = requireOperate(deps);
    const by = body.by ?? request.principal.name;
    const alert = await operate.acknowledge(params.id, by, body.note);
    if (!alert) throw new ApiError('NOT_FOUND', `no alert '${params.id}'`);
    return alert;
  });
}
