import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ERROR_CATALOGUE } from '../../src/server/errors.js';
import { bodyOf, createTestApp, T0 } from './helpers.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('probes and metrics', () => {
  it('answers /healthz and /readyz with the default model loaded', async () => {
    app = createTestApp();
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(bodyOf(health)).toMatchObject({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(bodyOf(ready)).toEqual({
      status: 'ready',
      checks: [{ name: 'models', ok: true, detail: "default model 'binding-quota' loaded" }],
    });
  });

  it('is not ready while a readiness probe fails, and says which', async () => {
    app = createTestApp({
      readiness: [
        async () => ({ name: 'store', ok: false, detail: 'database unreachable' }),
        () => Promise.reject(new Error('broker down')),
      ],
    });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    const checks = bodyOf(ready)['checks'] as { name: string; ok: boolean }[];
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['models', true],
      ['store', false],
      ['check', false],
    ]);
  });

  it('counts requests by route and status and times them, in the Prometheus text format', async () => {
    app = createTestApp();
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/v1/models/none' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('# TYPE reeflow_http_requests_total counter');
    expect(metrics.body).toContain(
      'reeflow_http_requests_total{method="GET",route="/healthz",status="200"} 2',
    );
    expect(metrics.body).toContain(
      'reeflow_http_requests_total{method="GET",route="/v1/models/:id",status="404"} 1',
    );
    expect(metrics.body).toContain(
      'reeflow_http_request_duration_seconds_count{method="GET",route="/healthz"} 2',
    );
    expect(metrics.body).toMatch(
      /reeflow_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} 2/,
    );
  });
});

describe('one error handler', () => {
  it('answers an unknown route with 404 NOT_FOUND in the error shape, and every answer carries x-request-id', async () => {
    app = createTestApp();
    const response = await app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({
      code: 'NOT_FOUND',
      message: 'no route GET /v1/nothing; see /v1/openapi.json',
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns an unexpected error into a 500 with the request id and no internals', async () => {
    app = createTestApp();
    app.get('/v1/boom', async () => {
      throw new TypeError('secret internals at /srv/reeflow/src/thing.ts:42');
    });
    const response = await app.inject({ method: 'GET', url: '/v1/boom' });
    expect(response.statusCode).toBe(500);
    const body = bodyOf(response);
    expect(body['code']).toBe('INTERNAL');
    expect(body['requestId']).toBe(response.headers['x-request-id']);
    expect(body['message']).toBe(
      `an unexpected error occurred; quote request id ${String(body['requestId'])} when reporting it`,
    );
    expect(response.body).not.toMatch(/secret|thing\.ts|TypeError|stack/);
  });

  it('maps each coded error to its catalogue status with code, message and issues', async () => {
    app = createTestApp();
    app.get('/v1/coded', async () => {
      throw new ApiError('SCENARIO_INVALID', 'cannot apply', [
        { code: 'X', severity: 'error', path: ['a'], message: 'bad' },
      ]);
    });
    const response = await app.inject({ method: 'GET', url: '/v1/coded' });
    expect(response.statusCode).toBe(422);
    expect(bodyOf(response)).toEqual({
      code: 'SCENARIO_INVALID',
      message: 'cannot apply',
      issues: [{ code: 'X', severity: 'error', path: ['a'], message: 'bad' }],
    });
    expect(Object.values(ERROR_CATALOGUE).every(({ status }) => status >= 400 && status < 600)).toBe(true);
  });

  it('rejects malformed JSON with 400 INVALID_JSON', async () => {
    app = createTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { 'content-type': 'application/json' },
      payload: '{"model": ',
    });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)['code']).toBe('INVALID_JSON');
  });

  it('rejects an unsupported media type with 415', async () => {
    app = createTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { 'content-type': 'application/xml' },
      payload: '<plan/>',
    });
    expect(response.statusCode).toBe(415);
    expect(bodyOf(response)['code']).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('limits', () => {
  it('rejects a body over the limit with 413 BODY_TOO_LARGE', async () => {
    app = createTestApp({ bodyLimit: 1024 });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/models/validate',
      headers: { 'content-type': 'application/yaml' },
      payload: `name: ${'x'.repeat(2000)}\n`,
    });
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response)).toEqual({
      code: 'BODY_TOO_LARGE',
      message: 'the request body is larger than this server accepts',
    });
  });

  it('allows a burst, then answers 429 with Retry-After until the bucket refills; probes are never limited', async () => {
    let now = T0;
    const limitedApp = createTestApp({ rateLimit: { perSecond: 2, burst: 3 }, clock: () => now });
    app = limitedApp;
    const get = async (url = '/v1/models/binding-quota'): Promise<number> =>
      (await limitedApp.inject({ method: 'GET', url })).statusCode;
    // burst 3: three pass at once, the fourth waits (1 token short at 2/s → 0.5 s, rounded up to 1 s).
    expect([await get(), await get(), await get()]).toEqual([200, 200, 200]);
    const limited = await limitedApp.inject({ method: 'GET', url: '/v1/models' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(bodyOf(limited)).toEqual({ code: 'RATE_LIMITED', message: 'too many requests; retry in 1 s' });
    expect(await get('/healthz')).toBe(200);
    now += 500; // 0.5 s at 2/s refills exactly one token
    expect(await get()).toBe(200);
    expect(await get()).toBe(429);
  });
});
