/**
 * One error shape everywhere (issue 13, review D13 and D14): every answer the framework or Node's
 * HTTP parser gives before a route runs (an over-long path parameter, a bad URL, headers over the
 * limit, a malformed request, wrong media types, bad or mismatched bodies) is `{code, message}` with
 * a catalogue code; ids, webhook URLs and numbers in requests have limits, and an absurd value is a
 * coded 400 naming the field and the accepted range.
 */
import { connect } from 'node:net';
import Fastify, { errorCodes, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperateService } from '../../src/monitor/index.js';
import { ERROR_CATALOGUE, installErrorHandler } from '../../src/server/errors.js';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { openSqliteStore } from '../../src/store/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyOf, createTestApp, EXAMPLE_MODELS, T0 } from './helpers.js';

let app: FastifyInstance;
let port: number;
let dir: string;
let closeStore: () => Promise<void>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reeflow-error-shape-'));
  const store = openSqliteStore({ dataDir: dir, clock: () => T0 });
  closeStore = () => store.close();
  const models = createModelRegistry(
    [...EXAMPLE_MODELS, { id: 'two-base', path: join(BUNDLED_DATA_DIR, 'two-base'), source: 'bundled' }],
    { defaultId: 'two-base' },
  );
  app = createTestApp({ models, store, operate: createOperateService({ store, clock: () => T0 }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes and reads the whole answer (the server closes the connection after a client error). */
function raw(text: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
    socket.end(text);
  });
}

/** An error answer: exactly `{code, message}` (plus issues or requestId), the code in the catalogue with this status. */
function expectCoded(status: number, body: unknown, code: string): void {
  const error =
    typeof body === 'string'
      ? (JSON.parse(body) as Record<string, unknown>)
      : (body as Record<string, unknown>);
  expect(Object.keys(error).filter((k) => !['code', 'message', 'issues', 'requestId'].includes(k))).toEqual(
    [],
  );
  expect(error['code']).toBe(code);
  expect(typeof error['message']).toBe('string');
  expect(ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status).toBe(status);
}

describe('framework and parser errors carry {code, message}', () => {
  it('a path parameter over 100 characters is 414 PARAM_TOO_LONG', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/models/${'m'.repeat(101)}` });
    expect(response.statusCode).toBe(414);
    expectCoded(414, bodyOf(response), 'PARAM_TOO_LONG');
    expect(bodyOf(response)['message']).toBe(
      'a path segment is 101 characters long, over the 100 this server accepts; ids are at most 100 characters',
    );
  });

  it('a path that is not valid percent-encoding is 400 BAD_URL', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expectCoded(400, bodyOf(response), 'BAD_URL');
  });

  it('headers over the limit (a long Authorization header or query string) are 431 HEADERS_TOO_LARGE as JSON', async () => {
    for (const request of [
      `GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /v1/telemetry?facility=${'f'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]) {
      const answer = await raw(request);
      expect(answer.status).toBe(431);
      expect(answer.headers).toMatch(/content-type: application\/json/i);
      expectCoded(431, answer.body, 'HEADERS_TOO_LARGE');
      expect(JSON.parse(answer.body)).toEqual({
        code: 'HEADERS_TOO_LARGE',
        message:
          'the request line and headers are over the 16384 bytes this server accepts; send a shorter URL, Authorization header or cookie',
      });
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('a malformed request is 400 MALFORMED_REQUEST as JSON', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n');
    expect(answer.status).toBe(400);
    expectCoded(400, answer.body, 'MALFORMED_REQUEST');
  });

  it('Content-Length beside chunked encoding is 400 MALFORMED_REQUEST as JSON', async () => {
    const answer = await raw(
      'POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expectCoded(400, answer.body, 'MALFORMED_REQUEST');
  });

  it.each([
    ['application/xml', '<plan/>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text/plain', 'x', 400, 'VALIDATION_FAILED'],
    ['application/json', '', 400, 'INVALID_JSON'],
    ['application/json', '{"model":', 400, 'INVALID_JSON'],
    ['application/json', '{"__proto__":{"x":1}}', 400, 'INVALID_JSON'],
    ['application/json', '[]', 400, 'VALIDATION_FAILED'],
  ])('a POST body of type %s "%s" is %i %s', async (type, payload, status, code) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { 'content-type': type },
      payload,
    });
    expect(response.statusCode).toBe(status);
    expectCoded(status, bodyOf(response), code);
  });

  it('a body shorter than its Content-Length is 400 BODY_LENGTH_MISMATCH', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
      payload: '{"model":"binding-quota"}',
    });
    expect(response.statusCode).toBe(400);
    expectCoded(400, bodyOf(response), 'BODY_LENGTH_MISMATCH');
  });

  it('a body over the limit is 413 BODY_TOO_LARGE', async () => {
    const small = createTestApp({ bodyLimit: 10 });
    const response = await small.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ model: 'binding-quota' }),
    });
    await small.close();
    expect(response.statusCode).toBe(413);
    expectCoded(413, bodyOf(response), 'BODY_TOO_LARGE');
  });
});

describe('every Fastify error a route can raise', () => {
  it('answers {code, message} with a catalogue code and the status Fastify gives it (4xx), or a 500 INTERNAL', async () => {
    const probe = Fastify();
    installErrorHandler(probe);
    probe.get('/raise/:code', async (request) => {
      const Make = errorCodes[
        (request.params as { code: string }).code as keyof typeof errorCodes
      ] as unknown as new (...args: string[]) => Error;
      throw new Make('a', 'b', 'c');
    });
    const wrong: string[] = [];
    for (const code of Object.keys(errorCodes)) {
      const response = await probe.inject({ method: 'GET', url: `/raise/${code}` });
      const body = bodyOf(response);
      const status = response.statusCode;
      const coded =
        typeof body['code'] === 'string' &&
        ERROR_CATALOGUE[body['code'] as keyof typeof ERROR_CATALOGUE]?.status === status &&
        typeof body['message'] === 'string';
      const keys = Object.keys(body).filter((k) => !['code', 'message', 'issues', 'requestId'].includes(k));
      if (
        !coded ||
        keys.length > 0 ||
        (status >= 500 && body['code'] !== 'INTERNAL' && body['code'] !== 'UNAVAILABLE')
      )
        wrong.push(`${code}: ${status} ${response.body}`);
    }
    await probe.close();
    expect(wrong).toEqual([]);
  });
});

describe('limits on ids, webhook URLs and numbers', () => {
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  it('a model id over 100 characters in POST /v1/models?id= is a coded 400, not a 201', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/models?id=${'m'.repeat(5000)}`,
      headers: { 'content-type': 'application/yaml' },
      payload: 'name: x\n',
    });
    expect(response.statusCode).toBe(400);
    expectCoded(400, bodyOf(response), 'VALIDATION_FAILED');
    expect(bodyOf(response)['message']).toBe(
      'the request query is not valid: query.id: expected at most 100 characters',
    );
  });

  it.each([
    ['/v1/plans', { model: 'm'.repeat(101) }, 'body.model'],
    ['/v1/simulations', { model: 'binding-quota', scenario: 's'.repeat(101) }, 'body.scenario'],
    ['/v1/allocations', { model: 'binding-quota', scenarios: ['s'.repeat(101)] }, 'body.scenarios.0'],
  ])('an id over 100 characters in POST %s is a coded 400 naming %s', async (url, payload, field) => {
    const response = await post(url, payload);
    expect(response.statusCode).toBe(400);
    expectCoded(400, bodyOf(response), 'VALIDATION_FAILED');
    expect(bodyOf(response)['message']).toBe(
      `the request body is not valid: ${field}: expected at most 100 characters`,
    );
  });

  it.each([
    [
      '/v1/allocations',
      { model: 'two-base', budget: 1e308 },
      'body.budget',
      'expected at most 1e15 (USD a year); accepted 0 to 1e15',
    ],
    [
      '/v1/allocations',
      { model: 'two-base', funderBudgets: { bank: 1e308 } },
      'body.funderBudgets.bank',
      'expected at most 1e15 (USD a year); accepted 0 to 1e15',
    ],
    [
      '/v1/stockpile-sizing',
      { model: 'binding-quota', material: 'ox', holder: 'JP', target: 0.5, maxLevel: 1e308 },
      'body.maxLevel',
      'expected at most 1e12 (t); accepted above 0 to 1e12',
    ],
  ])(
    'an absurd number in POST %s is a coded 400 naming %s and the range',
    async (url, payload, field, message) => {
      const response = await post(url, payload);
      expect(response.statusCode).toBe(400);
      expectCoded(400, bodyOf(response), 'VALIDATION_FAILED');
      expect(bodyOf(response)['message']).toBe(`the request body is not valid: ${field}: ${message}`);
    },
  );

  it('an unknown scenario in POST /v1/allocations is a 404 before any job is queued', async () => {
    const response = await post('/v1/allocations', {
      model: 'two-base',
      budget: 1e9,
      scenarios: ['no-such-scenario'],
    });
    expect(response.statusCode).toBe(404);
    expectCoded(404, bodyOf(response), 'SCENARIO_NOT_FOUND');
  });

  it('a webhook URL over 2,048 characters is a coded 400', async () => {
    const response = await post('/v1/alerts/webhooks', {
      url: `https://hooks.example.com/${'p'.repeat(5000)}`,
    });
    expect(response.statusCode).toBe(400);
    expectCoded(400, bodyOf(response), 'VALIDATION_FAILED');
  });

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://LOCALHOST./hook',
    'http://[::1]/hook',
    'http://0.0.0.0/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/hook',
    'http://[fd00::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://100.64.0.1/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://metadata.google.internal/',
  ])(
    'a webhook to a loopback, link-local or private target (%s) is refused: 422 WEBHOOK_TARGET_REFUSED',
    async (url) => {
      const response = await post('/v1/alerts/webhooks', { url });
      expect(response.statusCode).toBe(422);
      expectCoded(422, bodyOf(response), 'WEBHOOK_TARGET_REFUSED');
    },
  );

  it('an admin may allow a private webhook target explicitly; a public one needs nothing', async () => {
    const allowed = await post('/v1/alerts/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      allowPrivateTarget: true,
    });
    expect(allowed.statusCode).toBe(201);
    expect(bodyOf(allowed)).toMatchObject({ url: 'http://127.0.0.1:9/hook', allowPrivateTarget: true });
    expect((await post('/v1/alerts/webhooks', { url: 'https://hooks.example.com/reeflow' })).statusCode).toBe(
      201,
    );
  });
});
