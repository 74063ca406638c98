/**
 * Alerts: list, read, acknowledge; the rules in force (list, create or replace, delete: applied at
 * once and saved by the serve hook); webhooks (add, list, remove); a live feed over server-sent
 * events; and evaluating the missing-data and plan-deviation rules on request (the periodic
 * evaluation is a background task of the operate serve hook, ../alert-evaluation.ts).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  alertChangeSchema,
  alertRuleSchema,
  alertSchema,
  SEVERITIES,
  webhookSubscriptionSchema,
  type Alert,
  type AlertRule,
} from '../../monitor/index.js';
import { EDITORS, PLANNERS, type Principal } from '../auth.js';
import { evaluateAlertRules } from '../alert-evaluation.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import {
  facilityScopeOf,
  queryInScope,
  requireFacilityInScope,
  requireWholeNetwork,
  servedModel,
  toAuditScope,
  type FacilityScope,
} from '../scope.js';
import { openEventStream } from '../sse.js';
import { MAX_WEBHOOK_URL_LENGTH, privateTargetOf } from '../webhook-targets.js';

/** An alert rule as the server keeps it: defaults filled in (docs/operate.md "Alerts"). */
const ruleSchema = alertRuleSchema;
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
const webhookBody = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(MAX_WEBHOOK_URL_LENGTH, `expected at most ${MAX_WEBHOOK_URL_LENGTH} characters`),
    minSeverity: z.enum(SEVERITIES).default('warning'),
    allowPrivateTarget: z.boolean().optional().meta({
      description:
        'admin tokens only: allow a loopback, link-local or private-range target, refused otherwise (WEBHOOK_TARGET_REFUSED)',
    }),
  })
  .strict();

/** Refuses a webhook to a non-public target unless an admin allows it explicitly (issue 13). */
function requirePublicTarget(principal: Principal, body: z.infer<typeof webhookBody>): void {
  if (body.allowPrivateTarget === true) {
    if (principal.role !== 'admin')
      throw new ApiError(
        'FORBIDDEN',
        `only an admin token may set allowPrivateTarget; this one is a ${principal.role}'s`,
      );
    return;
  }
  const url = new URL(body.url);
  const reason = privateTargetOf(url);
  if (reason !== undefined) {
    throw new ApiError(
      'WEBHOOK_TARGET_REFUSED',
      `the webhook target '${url.hostname}' is ${reason}; webhooks go to public addresses only (an admin may allow this one with "allowPrivateTarget": true)`,
    );
  }
}

/** True when an alert concerns a facility in scope (alerts about no facility are for whole-network callers). */
const alertInScope = (scope: FacilityScope, alert: { facility?: string }): boolean =>
  scope.all || (alert.facility !== undefined && scope.has(alert.facility));

/** The facilities a rule judges: its `facility`, else the `facilities` a missing-data rule lists, else every one (undefined). */
function ruleFacilities(rule: AlertRule): readonly string[] | undefined {
  if (rule.facility !== undefined) return [rule.facility];
  return rule.kind === 'missing-data' ? rule.facilities : undefined;
}

/** Refuses (403 OUT_OF_SCOPE) a rule about a facility outside the caller's scope; a rule about every facility needs an unscoped token. */
function requireRuleInScope(scope: FacilityScope, rule: AlertRule): void {
  const facilities = ruleFacilities(rule);
  if (facilities === undefined)
    requireWholeNetwork(scope, `alert rules without a facility (like '${rule.id}')`);
  for (const facility of facilities ?? []) requireFacilityInScope(scope, facility);
}

/** What an audit entry about a rule records of its facility, so the authorities above it see the change. */
async function ruleAuditScope(
  deps: ServerDeps,
  rule: AlertRule,
): Promise<{ facility?: string; jurisdictions?: string[] }> {
  return rule.facility === undefined ? {} : toAuditScope(await servedModel(deps), rule.facility);
}

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
        store.alerts.list({ ...filter, ...(facility === undefined ? {} : { facility }) }),
      );
      if (scope.all || query.facility !== undefined) return { alerts };
      // Facilities listed one by one: newest first again, and the limit once more.
      alerts.sort((a, b) => b.lastTime - a.lastTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { alerts: query.limit === undefined ? alerts : alerts.slice(0, query.limit) };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/alerts/rules',
      summary: 'the alert rules in force (for scoped tokens: those of all facilities or of one in scope)',
      tags: ['alerts'],
      roles: PLANNERS,
      responses: {
        200: { description: 'rules', schema: z.object({ rules: z.array(ruleSchema) }) },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ request }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      return {
        rules: operate.rules.filter(
          (r) => !('facility' in r) || r.facility === undefined || scope.has(r.facility),
        ),
      };
    },
  );

  /** Rule changes one at a time: each reads the rules in force, saves the next list and applies it. */
  let ruleChanges: Promise<unknown> = Promise.resolve();
  const oneRuleChangeAtATime = <T>(change: () => Promise<T>): Promise<T> => {
    const run = ruleChanges.then(change);
    ruleChanges = run.catch(() => undefined);
    return run;
  };
  const ruleResponses = {
    403: {
      description:
        'a rule about facilities outside the token scope, or about every facility with a scoped token',
      schema: errorSchema,
    },
    503: { description: 'telemetry not enabled', schema: errorSchema },
  };

  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/v1/alerts/rules/:id',
      summary:
        'create or replace an alert rule; it applies at once and is saved to <data-dir>/alerts.yaml (audited)',
      tags: ['alerts'],
      roles: EDITORS,
      params: idParams,
      body: alertRuleSchema,
      description:
        'The body is one rule as in alerts.yaml, its `id` the one in the path. Replacing a rule resolves its open alerts; they are raised again by the next evidence. A scoped token may only write rules about its own facilities.',
      responses: {
        200: { description: 'the rule, replaced', schema: ruleSchema },
        201: { description: 'the rule, created', schema: ruleSchema },
        400: {
          description: 'not a valid rule (VALIDATION_FAILED, issues name the field)',
          schema: errorSchema,
        },
        ...ruleResponses,
      },
    },
    async ({ params, body, request, reply }) => {
      const { operate } = requireOperate(deps);
      if (body.id !== params.id) {
        const message = `the rule's id '${body.id}' is not the id in the path '${params.id}'`;
        throw new ApiError('VALIDATION_FAILED', `the request body is not valid: body.id: ${message}`, [
          { code: 'REQUEST_ID_MISMATCH', severity: 'error', path: ['body', 'id'], message },
        ]);
      }
      const scope = await facilityScopeOf(deps, request.principal);
      return oneRuleChangeAtATime(async () => {
        const before = operate.rules.find((r) => r.id === body.id);
        if (before) requireRuleInScope(scope, before);
        requireRuleInScope(scope, body);
        await operate.setRules(
          before ? operate.rules.map((r) => (r.id === body.id ? body : r)) : [...operate.rules, body],
        );
        await deps.audit.record({
          actor: request.principal,
          action: before ? 'alert-rule.replace' : 'alert-rule.create',
          target: `alerts/rules/${body.id}`,
          requestId: request.id,
          ...(await ruleAuditScope(deps, body)),
          ...(before ? { before } : {}),
          after: body,
        });
        return reply.status(before ? 200 : 201).send(body);
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/v1/alerts/rules/:id',
      summary:
        'delete an alert rule: it stops at once, its open alerts resolve, and alerts.yaml is saved without it (audited)',
      tags: ['alerts'],
      roles: EDITORS,
      params: idParams,
      responses: {
        204: { description: 'deleted' },
        404: { description: 'unknown rule', schema: errorSchema },
        ...ruleResponses,
      },
    },
    async ({ params, request, reply }) => {
      const { operate } = requireOperate(deps);
      const scope = await facilityScopeOf(deps, request.principal);
      return oneRuleChangeAtATime(async () => {
        const before = operate.rules.find((r) => r.id === params.id);
        if (!before)
          throw new ApiError('NOT_FOUND', `no alert rule '${params.id}'; GET /v1/alerts/rules lists them`);
        requireRuleInScope(scope, before);
        await operate.setRules(operate.rules.filter((r) => r.id !== params.id));
        await deps.audit.record({
          actor: request.principal,
          action: 'alert-rule.delete',
          target: `alerts/rules/${before.id}`,
          requestId: request.id,
          ...(await ruleAuditScope(deps, before)),
          before,
        });
        return reply.status(204).send();
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/alerts/evaluate',
      summary:
        "run the missing-data and plan-deviation rules now, over the caller's facilities (they also run every 30 s over all)",
      tags: ['alerts'],
      roles: PLANNERS,
      responses: {
        200: {
          description: 'the changes',
          schema: z.object({ changes: z.array(alertChangeSchema) }),
        },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ request }) => ({
      changes: await evaluateAlertRules(deps, await facilityScopeOf(deps, request.principal)),
    }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/alerts/webhooks',
      summary: "webhook subscriptions (they carry every facility's alerts: tokens without a scope only)",
      tags: ['alerts'],
      roles: PLANNERS,
      responses: {
        200: {
          description: 'webhooks',
          schema: z.object({ webhooks: z.array(webhookSubscriptionSchema) }),
        },
        403: { description: 'a scoped token', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ request }) => {
      const { store } = requireOperate(deps);
      requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
      return { webhooks: await store.alerts.listWebhooks() };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/v1/alerts/webhooks',
      summary: 'subscribe a URL to alert changes at or above a severity (POSTed as JSON)',
      tags: ['alerts'],
      roles: PLANNERS,
      body: webhookBody,
      responses: {
        201: {
          description: 'created and audited',
          schema: webhookSubscriptionSchema.extend({
            allowPrivateTarget: z.literal(true).optional().meta({ description: 'when the body allowed it' }),
          }),
        },
        400: { description: 'bad body', schema: errorSchema },
        403: {
          description: 'a scoped token, or allowPrivateTarget from a token that is not an admin’s',
          schema: errorSchema,
        },
        422: {
          description: 'a loopback, link-local or private-range target (WEBHOOK_TARGET_REFUSED)',
          schema: errorSchema,
        },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ body, request, reply }) => {
      const { store } = requireOperate(deps);
      requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
      requirePublicTarget(request.principal, body);
      const webhook = {
        id: `wh-${randomUUID()}`,
        url: body.url,
        minSeverity: body.minSeverity,
        created: deps.clock(),
      };
      await store.alerts.addWebhook(webhook);
      const added = { ...webhook, ...(body.allowPrivateTarget === true ? { allowPrivateTarget: true } : {}) };
      await deps.audit.record({
        actor: request.principal,
        action: 'webhook.add',
        target: `webhooks/${webhook.id}`,
        after: added,
        requestId: request.id,
      });
      return reply.status(201).send(added);
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/v1/alerts/webhooks/:id',
      summary: 'remove a webhook',
      tags: ['alerts'],
      roles: PLANNERS,
      params: idParams,
      responses: {
        204: { description: 'removed and audited' },
        403: { description: 'a scoped token', schema: errorSchema },
        404: { description: 'unknown webhook', schema: errorSchema },
        503: { description: 'telemetry not enabled', schema: errorSchema },
      },
    },
    async ({ params, request, reply }) => {
      const { store } = requireOperate(deps);
      requireWholeNetwork(await facilityScopeOf(deps, request.principal), 'webhooks');
      const before = (await store.alerts.listWebhooks()).find((w) => w.id === params.id);
      if (!before || !(await store.alerts.removeWebhook(params.id)))
        throw new ApiError('NOT_FOUND', `no webhook '${params.id}'`);
      await deps.audit.record({
        actor: request.principal,
        action: 'webhook.remove',
        target: `webhooks/${params.id}`,
        before,
        requestId: request.id,
      });
      return reply.status(204).send();
    },
  );

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
          ...(body.note === undefined ? {} : { note: body.note }),
        },
      });
      return alert;
    },
  );
}
