import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMemoryTokenStore, hashToken } from '../../src/server/auth.js';
import { bodyOf, createTestApp } from './helpers.js';

const TOKENS = {
  admin: 'admin-token-0123456789',
  analyst: 'analyst-token-0123456789',
  device: 'device-token-0123456789',
  planner: 'planner-token-0123456789',
};

let app: FastifyInstance;
beforeAll(async () => {
  const tokens = createMemoryTokenStore([
    { id: 'a', name: 'Admin', role: 'admin', token: TOKENS.admin },
    { id: 'b', name: 'Analyst', role: 'analyst', token: TOKENS.analyst },
    { id: 'c', name: 'Sensor gateway', role: 'device', token: TOKENS.device },
    // stored already hashed, as a store-backed TokenStore would hold it
    { id: 'd', name: 'Planner', role: 'planner', hash: hashToken(TOKENS.planner) },
  ]);
  app = createTestApp({ auth: { tokens } });
  await app.ready();
});
afterAll(() => app.close());

const as = (token: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('token auth with roles', () => {
  it('hashes tokens with sha256', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('leaves probes, metrics and the OpenAPI document public', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/v1/openapi.json'])
      expect((await as(undefined, 'GET', url)).statusCode).toBe(200);
  });

  it('answers 401 without a token, with a malformed header, and with an unknown token', async () => {
    const none = await as(undefined, 'GET', '/v1/models');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(bodyOf(none)['code']).toBe('UNAUTHENTICATED');
    const malformed = await app.inject({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(malformed.statusCode).toBe(401);
    expect(bodyOf(malformed)['message']).toBe("the Authorization header must be 'Bearer <token>'");
    const unknown = await as('not-a-known-token', 'GET', '/v1/models');
    expect(unknown.statusCode).toBe(401);
    expect(bodyOf(unknown)['message']).toBe('the token is not known or was revoked');
  });

  it('lets an analyst read but not plan (403 naming the allowed roles)', async () => {
    expect((await as(TOKENS.analyst, 'GET', '/v1/models/binding-quota')).statusCode).toBe(200);
    const plan = await as(TOKENS.analyst, 'POST', '/v1/plans', { model: 'binding-quota' });
    expect(plan.statusCode).toBe(403);
    expect(bodyOf(plan)).toEqual({
      code: 'FORBIDDEN',
      message: "role 'analyst' may not call POST /v1/plans; allowed: admin, planner, authority",
    });
  });

  it('keeps devices out of the read routes', async () => {
    const response = await as(TOKENS.device, 'GET', '/v1/models');
    expect(response.statusCode).toBe(403);
  });

  it('lets a planner (hashed token) and an admin start plans', async () => {
    const byPlanner = await as(TOKENS.planner, 'POST', '/v1/plans', {
      model: 'binding-quota',
      objective: 'nonsense',
    });
    expect(byPlanner.statusCode).toBe(422); // past auth, stopped by the objective check
    const byAdmin = await as(TOKENS.admin, 'POST', '/v1/plans', { model: 'nope' });
    expect(byAdmin.statusCode).toBe(404);
  });

  it('answers an unknown route 404 to anyone rather than asking for a token', async () => {
    expect((await as(undefined, 'GET', '/v1/unknown')).statusCode).toBe(404);
  });
});
