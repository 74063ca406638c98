/** Alert webhooks over HTTP: add, list and remove the targets alert changes are posted to. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SEVERITIES, webhookSubscriptionSchema } from '../../monitor/index.js';
import { PLANNERS, type Principal } from '../auth.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import { facilityScopeOf, requireWholeNetwork } from '../scope.js';
import { MAX_WEBHOOK_URL_LENGTH, privateTargetOf } from '../webhook-targets.js';

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

/** Registers the webhook routes (called by registerAlertRoutes, in its order). */
export function registerAlertWebhookRoutes(app: FastifyInstance, deps: ServerDeps): void {
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
}
