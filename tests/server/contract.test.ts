/**
 * The contract: every JSON answer these calls get is what its route declares (the zod schema in
 * `defineRoute`, which the OpenAPI document is made from). Parsing an answer with its schema must
 * succeed and give it back unchanged: zod drops keys a schema does not name, so a field the
 * server sends but the contract forgets fails here as surely as a missing or mistyped one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { bodyOf, createTestApp, EXAMPLE_MODELS, finishedJob } from './helpers.js';

interface Answer {
  method: string;
  route: string;
  status: number;
  body: unknown;
}

let app: FastifyInstance;
const answers: Answer[] = [];

beforeAll(async () => {
  app = createTestApp({
    models: createModelRegistry(
      [
        ...EXAMPLE_MODELS,
        {
          id: 'project-worth-building',
          path: join(BUNDLED_DATA_DIR, 'examples', 'project-worth-building'),
          source: 'bundled',
        },
      ],
      { defaultId: 'binding-quota' },
    ),
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (String(reply.getHeader('content-type')).startsWith('application/json') && typeof payload === 'string')
      answers.push({
        method: request.method,
        route: request.routeOptions.url ?? '',
        status: reply.statusCode,
        body: JSON.parse(payload) as unknown,
      });
    return payload;
  });
  await app.ready();
});
afterAll(() => app.close());

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
const get = (url: string) => app.inject({ method: 'GET', url });

/** Starts a job and waits for it to finish; returns its final body. */
async function runJob(url: string, payload: object): Promise<Record<string, unknown>> {
  const response = await post(url, payload);
  expect(response.statusCode, response.body).toBe(202);
  const started = bodyOf(response);
  const done = await finishedJob(app, `${url}/${String(started['id'])}`);
  expect(done['status'], JSON.stringify(done['error'])).toBe('succeeded');
  return done;
}

describe('answers match the declared contract', () => {
  it('models, scenarios, plans, simulations, stockpile sizing, risk, compare, projects, allocations', async () => {
    await get('/v1/models');
    await get('/v1/models/binding-quota');
    await get('/v1/models/export-ban-reroute/scenarios');
    await post('/v1/models/export-ban-reroute/scenarios/no-ban/apply', {});
    const plan = await runJob('/v1/plans', { model: 'export-ban-reroute' });
    await get('/v1/plans');
    const simulation = await runJob('/v1/simulations', {
      model: 'binding-quota',
      runs: 3,
      days: 20,
      seed: 5,
      options: { allocation: 'pro-rata' },
    });
    await get('/v1/simulations');
    await runJob('/v1/stockpile-sizing', {
      model: 'binding-quota',
      material: 'ox',
      holder: 'JP',
      target: 0.5,
      runs: 2,
      days: 20,
      maxLevel: 100,
      options: { allocation: 'pro-rata' },
    });
    await get(`/v1/risk?plan=${String(plan['id'])}&metric=hhi,shares,import-reliance,supply-risk`);
    await get(`/v1/risk?simulation=${String(simulation['id'])}`);
    await post('/v1/compare', {
      a: { plan: String(plan['id']) },
      b: { simulation: String(simulation['id']) },
    });
    await get('/v1/models/project-worth-building/projects');
    const projects = bodyOf(await get('/v1/models/project-worth-building/projects'))['projects'] as {
      project: string;
    }[];
    await get(`/v1/models/project-worth-building/projects/${projects[0]?.project ?? ''}`);
    await runJob('/v1/allocations', { model: 'project-worth-building' });

    const catalog = app.apiCatalog;
    const checked = new Set<string>();
    for (const answer of answers) {
      const spec = catalog.find((s) => s.method === answer.method && s.url === answer.route);
      const schema = spec?.responses[answer.status]?.schema;
      const where = `${answer.method} ${answer.route} ${answer.status}`;
      expect(schema, `${where} declares no schema`).toBeDefined();
      if (!schema) continue;
      const parsed = schema.safeParse(answer.body);
      expect(parsed.error?.issues ?? [], where).toEqual([]);
      expect(parsed.data, `${where}: fields the contract does not name`).toEqual(answer.body);
      checked.add(where);
    }
    expect(checked.size).toBeGreaterThan(15);
  });
});
