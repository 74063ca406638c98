/**
 * Hostile model bodies (review D2, D7): many YAML anchors, deep YAML or JSON nesting. Each is a
 * coded 4xx, and the server keeps answering while it is refused (the event loop is never blocked
 * for long). A real listening server, so /healthz is called over HTTP while the upload is in flight.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp } from './helpers.js';

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = createTestApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const anchors = (count: number): string =>
  Array.from({ length: count }, (_, i) => `k${i}: &a${i} v\n`).join('');
const DEEP = 100_000;

interface Hostile {
  status: number;
  body: { code?: string; message?: string };
  healthzAnswers: number;
  maxDelayMs: number;
}

/** Posts `payload` and calls /healthz in a loop until the answer arrives; measures the event-loop delay meanwhile. */
async function postWhileProbing(url: string, contentType: string, payload: string): Promise<Hostile> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let done = false;
  const posted = fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: payload,
  }).finally(() => {
    done = true;
  });
  let healthzAnswers = 0;
  while (!done) {
    const probe = await fetch(`${base}/healthz`);
    await probe.arrayBuffer();
    if (probe.status === 200) healthzAnswers += 1;
  }
  const response = await posted;
  delay.disable();
  return {
    status: response.status,
    body: (await response.json()) as Hostile['body'],
    healthzAnswers,
    maxDelayMs: delay.max / 1e6,
  };
}

describe('hostile model bodies are coded 4xx answers and never block the server', () => {
  it('50,000 YAML anchors on validate: 422 MODEL_TOO_COMPLEX naming the anchor limit, /healthz answers throughout', async () => {
    const result = await postWhileProbing('/v1/models/validate', 'application/yaml', anchors(50_000));
    expect(result.status).toBe(422);
    expect(result.body.code).toBe('MODEL_TOO_COMPLEX');
    expect(result.body.message).toMatch(/anchors/);
    expect(result.healthzAnswers).toBeGreaterThan(0);
    expect(result.maxDelayMs).toBeLessThan(250);
  }, 30_000);

  it('50,000 YAML anchors on upload: 422 MODEL_TOO_COMPLEX and nothing registered', async () => {
    const result = await postWhileProbing('/v1/models?id=anchors', 'application/yaml', anchors(50_000));
    expect(result.status).toBe(422);
    expect(result.body.code).toBe('MODEL_TOO_COMPLEX');
    expect(result.maxDelayMs).toBeLessThan(250);
    expect((await fetch(`${base}/v1/models/anchors`)).status).toBe(404);
  }, 30_000);

  it.each([
    ['a flow sequence', '['.repeat(DEEP) + ']'.repeat(DEEP)],
    ['a flow mapping', '{a: '.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
    ['compact block sequences', `${'- '.repeat(DEEP)}x\n`],
  ])(
    '100,000 levels of YAML nesting (%s): 422 MODEL_TOO_COMPLEX naming the depth limit, and the server lives',
    async (_name, payload) => {
      const result = await postWhileProbing('/v1/models/validate', 'application/yaml', payload);
      expect(result.status).toBe(422);
      expect(result.body.code).toBe('MODEL_TOO_COMPLEX');
      expect(result.body.message).toMatch(/nest/);
      expect(result.maxDelayMs).toBeLessThan(250);
    },
    30_000,
  );

  it.each([
    ['/v1/models/validate', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
    ['/v1/models/validate', '['.repeat(DEEP) + ']'.repeat(DEEP)],
    ['/v1/models?id=deep', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
  ])(
    '100,000 levels of JSON nesting on %s: 422 MODEL_TOO_COMPLEX, not a 500',
    async (url, payload) => {
      const result = await postWhileProbing(url, 'application/json', payload);
      expect(result.status).toBe(422);
      expect(result.body.code).toBe('MODEL_TOO_COMPLEX');
      expect(result.body.message).toMatch(/nest/);
      expect(result.maxDelayMs).toBeLessThan(250);
    },
    30_000,
  );
});
