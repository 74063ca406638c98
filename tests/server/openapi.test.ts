import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp } from './helpers.js';

let app: FastifyInstance;
let served: string;
beforeAll(async () => {
  app = createTestApp();
  served = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).body;
});
afterAll(() => app.close());

describe('/v1/openapi.json', () => {
  it('matches the committed docs/openapi.json (run with REGEN=1 to rewrite it when routes change)', () => {
    if (process.env['REGEN'] === '1') writeFileSync('docs/openapi.json', served);
    expect(served).toBe(readFileSync('docs/openapi.json', 'utf8'));
  });

  it('documents every route with its schemas, and every $ref resolves', () => {
    const doc = JSON.parse(served) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/v1/models',
        '/v1/models/{id}',
        '/v1/models/validate',
        '/v1/plans',
        '/v1/plans/{id}',
        '/v1/plans/{id}/events',
        '/v1/models/{id}/scenarios/{scenario}/apply',
      ]),
    );
    expect(doc.paths['/v1/plans']?.['post']?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PlanRequest' } } },
    });
    const plan = doc.components.schemas['PlanRequest'] as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(plan.required).toEqual(['model']);
    expect(Object.keys(plan.properties)).toEqual([
      'model',
      'scenario',
      'objective',
      'timeLimitSeconds',
      'mipGap',
    ]);
    const refs = [...served.matchAll(/"\$ref": "#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty([ref]);
    for (const operations of Object.values(doc.paths))
      for (const op of Object.values(operations)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
  });
});
