/**
 * `GET /v1/session`: whether this server needs tokens and who the caller's token belongs to. Public,
 * so the dashboard can ask before it has a token and show its sign-in form instead of calling
 * routes that would answer 401.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../auth.js';
import type { ServerDeps } from '../deps.js';
import { defineRoute } from '../route.js';

export const sessionSchema = z
  .object({
    auth: z
      .enum(['required', 'off'])
      .meta({ description: "'off': the embedded single-user mode, every request is allowed" }),
    principal: z
      .object({
        id: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        scope: z
          .object({
            operator: z.string().optional(),
            jurisdiction: z.string().optional(),
            facility: z.string().optional(),
          })
          .optional(),
      })
      .nullable()
      .meta({
        description:
          'who the token sent belongs to; null without one, or when it was not accepted (see tokenRefused)',
      }),
    tokenRefused: z.object({ code: z.string(), message: z.string() }).optional().meta({
      description:
        'why the token sent was not accepted (unknown, revoked, expired or malformed); the answer is otherwise the one given without a token',
    }),
  })
  .meta({ id: 'Session' });

export function registerSessionRoutes(app: FastifyInstance, _deps: ServerDeps): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/v1/session',
      summary: 'whether tokens are required, and who the token sent belongs to',
      tags: ['auth'],
      public: true,
      responses: { 200: { description: 'the session', schema: sessionSchema } },
    },
    async ({ request }) => {
      const principal = request.principal as typeof request.principal | null;
      return {
        auth: app.authRequired ? 'required' : 'off',
        principal: principal ?? null,
        ...(request.tokenRefused ? { tokenRefused: request.tokenRefused } : {}),
      };
    },
  );
}
