/**
 * Alert rules over HTTP: the rules in force (list, create or replace, delete: applied at once and
 * saved by the serve hook) and evaluating the missing-data and plan-deviation rules on request (the
 * periodic evaluation is a background task of the operate serve hook, ../alert-evaluation.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertChangeSchema, alertRuleSchema, type AlertRule } from '../../monitor/index.js';
import { EDITORS, PLANNERS } from '../auth.js';
import { evaluateAlertRules } from '../alert-evaluation.js';
import { requireOperate, type ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { errorSchema, idParams } from '../schemas.js';
import {
  facilityScopeOf,
  requireFacilityInScope,
  requireWholeNetwork,
  servedModel,
  toAuditScope,
  type FacilityScope,
} from '../scope.js';

/** An alert rule as the server keeps it: defaults filled in (docs/operate.md "Alerts"). */
const ruleSchema = alertRuleSchema;
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

/** Registers the alert rule routes and POST /v1/alerts/evaluate (called by registerAlertRoutes, in its order). */
export function registerAlertRuleRoutes(app: FastifyInstance, deps: ServerDeps): void {
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
}
