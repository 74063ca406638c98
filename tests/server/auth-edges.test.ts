/**
 * Auth edges (issue 13, review D8 and D10): a malformed `reeflow_token` cookie is a coded 401, never
 * a 500 or an error-level log line; and a stale, revoked, expired or malformed token never turns a
 * public route into a 401: probes, metrics, the OpenAPI document, the telemetry schema and the
 * session answer the same as without a token.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { bodyOf, createTestApp, T0 } from './helpers.js';

const ADMIN = 'token-admin-0123456789abcdef';
const EXPIRED = 'token-expired-0123456789abcdef';

/** Every log line the app writes, parsed. */
const lines: { level: number; msg?: string }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') lines.push(JSON.parse(line) as { level: number });
    done();
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  const tokens = createMemoryTokenStore(
    [
      { id: 'admin', name: 'Admin', role: 'admin', token: ADMIN },
      { id: 'old', name: 'Old', role: 'admin', token: EXPIRED, expiresAt: T0 - 1 },
    ],
    () => T0,
  );
  app = createTestApp({ auth: { tokens }, logger: pino({ level: 'info' }, sink) });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const BAD_TOKENS: Record<string, Record<string, string>> = {
  revoked: { authorization: 'Bearer token-revoked-or-never-issued-0123' },
  expired: { authorization: `Bearer ${EXPIRED}` },
  'malformed header': { authorization: 'Token abc' },
  'empty bearer': { authorization: 'Bearer ' },
  'malformed cookie': { cookie: 'reeflow_token=%E0%A4%A' },
};

const PUBLIC_ROUTES = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/v1/openapi.json',
  '/v1/telemetry/schema',
  '/v1/session',
];

/** The parts of an answer a token must not change: status, media type and (but for /metrics' counters and /v1/session's note) the body. */
function answerOf(
  url: string,
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
): unknown {
  const type = String(response.headers['content-type']);
  if (url === '/metrics') return { status: response.statusCode, type };
  if (url === '/v1/session') {
    const { tokenRefused: _note, ...rest } = bodyOf(response);
    return { status: response.statusCode, type, body: rest };
  }
  return { status: response.statusCode, type, body: response.body };
}

describe('a malformed reeflow_token cookie (D8)', () => {
  it.each(['%', '%E0%A4%A', '%zz'])(
    'is a coded 401 on an event stream, not a 500, and logs nothing at error level: %s',
    async (value) => {
      const from = lines.length;
      const response = await app.inject({
        method: 'GET',
        url: '/v1/live/events',
        headers: { cookie: `other=1; reeflow_token=${value}` },
      });
      expect(response.statusCode).toBe(401);
      expect(bodyOf(response)).toEqual({
        code: 'UNAUTHENTICATED',
        message:
          "the reeflow_token cookie is not valid percent-encoding; sign in again (or send 'Authorization: Bearer <token>')",
      });
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(lines.slice(from).filter((line) => line.level >= 50)).toEqual([]);
    },
  );
});

describe('public routes with a bad token (D10)', () => {
  it.each(PUBLIC_ROUTES)(
    '%s answers the same with no token and with a revoked, expired or malformed one',
    async (url) => {
      const without = await app.inject({ method: 'GET', url });
      expect(without.statusCode).toBe(200);
      for (const [name, headers] of Object.entries(BAD_TOKENS)) {
        const withBad = await app.inject({ method: 'GET', url, headers });
        expect({ token: name, ...(answerOf(url, withBad) as object) }).toEqual({
          token: name,
          ...(answerOf(url, without) as object),
        });
      }
    },
  );

  it('/v1/session says the token sent was not accepted, and why, beside principal null', async () => {
    expect(bodyOf(await app.inject({ method: 'GET', url: '/v1/session' }))).toEqual({
      auth: 'required',
      principal: null,
    });
    const expired = bodyOf(
      await app.inject({
        method: 'GET',
        url: '/v1/session',
        headers: { authorization: `Bearer ${EXPIRED}` },
      }),
    );
    expect(expired).toEqual({
      auth: 'required',
      principal: null,
      tokenRefused: {
        code: 'UNAUTHENTICATED',
        message: `the token expired at ${new Date(T0 - 1).toISOString()}; ask an admin for a new one`,
      },
    });
    const mine = bodyOf(
      await app.inject({ method: 'GET', url: '/v1/session', headers: { authorization: `Bearer ${ADMIN}` } }),
    );
    expect(mine).toEqual({ auth: 'required', principal: { id: 'admin', name: 'Admin', role: 'admin' } });
  });

  it('still refuses a bad token on a route that needs one', async () => {
    for (const headers of Object.values(BAD_TOKENS)) {
      const response = await app.inject({ method: 'GET', url: '/v1/models', headers });
      expect(response.statusCode).toBe(401);
      expect(bodyOf(response)['code']).toBe('UNAUTHENTICATED');
    }
  });
});
