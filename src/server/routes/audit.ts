/**
 * The audit log over HTTP (issue 9): every change made through the API or the CLI — who, what, when,
 * before, after — newest first. Admins read all of it; an authority the entries about facilities in
 * its jurisdiction (an unscoped authority all of them).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { isAuditEntryInScope } from '../scope.js';
import { definedFields } from '../../defined-fields.js';

const DEFAULT_LIMIT = 1000;
const auditQuery = z.object({
  target: z.string().optional().meta({ description: 'e.g. two-base/projects/baiyin-expansion' }),
  actor: z.string().optional().meta({ description: 'token id' }),
  action: z.string().optional().meta({ description: 'e.g. project.transition, model.upload, token.create' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .meta({ description: `newest entries at most; default ${DEFAULT_LIMIT}` }),
});
const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.string(),
    target: z.string(),
    facility: z.string().optional(),
    jurisdictions: z.array(z.string()).optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'AuditEntry' });

export function registerAuditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/audit',
      summary:
        "the audit log, newest first: who changed what, when, before and after (an authority: its jurisdiction's entries)",
      tags: ['audit'],
      roles: ['admin', 'authority'],
      query: auditQuery,
      responses: {
        200: { description: 'entries', schema: z.object({ entries: z.array(auditEntrySchema) }) },
      },
    },
    async ({ query, request }) => {
      const entries = await deps.audit.list({
        ...definedFields({ target: query.target, actor: query.actor, action: query.action }),
        limit: Number.MAX_SAFE_INTEGER,
      });
      return {
        entries: entries
          .filter((e) => isAuditEntryInScope(request.principal, e))
          .slice(0, query.limit ?? DEFAULT_LIMIT),
      };
    },
  );
}
