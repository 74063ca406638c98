/**
 * The contract: every JSON answer these calls get is what its route declares (the zod schema in
 * `defineRoute`, which the OpenAPI document is made from). Parsing an answer with its schema must
 * succeed and give it back unchanged: zod drops keys a schema does not name, so a field the
 * server sends but the contract forgets fails here as surely as a missing or mistyped one.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { BUNDLED_DATA_DIR, createModelRegistry } from '../../src/server/models.js';
import { bodyOf, createTestApp, EXAMPLE_MODELS, finishedJob } from './helpers.js';
import { createQualityApp, postEvents, twoBaseSpecifications, type QualityApp } from './quality-helpers.js';
import { NOW } from './telemetry-helpers.js';

/** The route declaration `url` answers to: static segments win over parameters, as in Fastify. */
function routeOf(app: FastifyInstance, method: string, url: string) {
  const path = url.split('?')[0] ?? '';
  const matches = app.apiCatalog.filter(
    (spec) =>
      spec.method === method && new RegExp(`^${spec.url.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`).test(path),
  );
  return matches.sort((a, b) => (a.url.match(/:/g)?.length ?? 0) - (b.url.match(/:/g)?.length ?? 0))[0];
}

/** Calls the app and checks the JSON answer against the schema its route declares for that status. */
async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method, url, ...(payload ? { payload } : {}) });
  const where = `${method} ${url} ${response.statusCode}`;
  const spec = routeOf(app, method, url);
  expect(spec, `${where}: no route declared`).toBeDefined();
  if (!String(response.headers['content-type']).startsWith('application/json')) return response;
  const schema = spec?.responses[response.statusCode]?.schema;
  expect(schema, `${where}: the route declares no schema for this status`).toBeDefined();
  const body = JSON.parse(response.body) as unknown;
  const parsed = schema?.safeParse(body);
  expect(parsed?.error?.issues ?? [], where).toEqual([]);
  expect(parsed?.data, `${where}: fields the contract does not name`).toEqual(body);
  return response;
}

/** Starts a job and waits for it to finish, checking both answers; returns its final body. */
async function runJob(app: FastifyInstance, url: string, payload: object): Promise<Record<string, unknown>> {
  const response = await call(app, 'POST', url, payload);
  expect(response.statusCode, response.body).toBe(202);
  const jobUrl = `${url}/${String(bodyOf(response)['id'])}`;
  await finishedJob(app, jobUrl);
  const done = bodyOf(await call(app, 'GET', jobUrl));
  expect(done['status'], JSON.stringify(done['error'])).toBe('succeeded');
  return done;
}

let operate: QualityApp | undefined;
afterAll(() => operate?.close());

describe('answers match the declared contract', () => {
  it('models, scenarios, plans, simulations, stockpile sizing, risk, diversification, compare, projects, allocations', async () => {
    const app = createTestApp({
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
    try {
      await call(app, 'GET', '/healthz');
      await call(app, 'GET', '/v1/session');
      await call(app, 'GET', '/v1/models');
      await call(app, 'GET', '/v1/models/binding-quota');
      await call(app, 'GET', '/v1/models/nope');
      await call(app, 'GET', '/v1/models/export-ban-reroute/scenarios');
      await call(app, 'POST', '/v1/models/export-ban-reroute/scenarios/no-ban/apply', {});
      const plan = await runJob(app, '/v1/plans', { model: 'export-ban-reroute' });
      await call(app, 'GET', '/v1/plans');
      const simulation = await runJob(app, '/v1/simulations', {
        model: 'binding-quota',
        runs: 3,
        days: 20,
        seed: 5,
        options: { allocation: 'pro-rata' },
      });
      await call(app, 'GET', '/v1/simulations');
      await runJob(app, '/v1/stockpile-sizing', {
        model: 'binding-quota',
        material: 'ox',
        holder: 'JP',
        target: 0.5,
        runs: 2,
        days: 20,
        maxLevel: 100,
        options: { allocation: 'pro-rata' },
      });
      await call(
        app,
        'GET',
        `/v1/risk?plan=${String(plan['id'])}&metric=hhi,shares,import-reliance,supply-risk`,
      );
      await call(app, 'GET', `/v1/risk?simulation=${String(simulation['id'])}`);
      await runJob(app, '/v1/risk/diversification', {
        model: 'binding-quota',
        consumer: 'JP',
        through: 'CN',
        elements: ['Nd'],
        steps: [1, 0.5],
      });
      await call(app, 'POST', '/v1/compare', {
        a: { plan: String(plan['id']) },
        b: { simulation: String(simulation['id']) },
      });
      const projects = bodyOf(await call(app, 'GET', '/v1/models/project-worth-building/projects'))[
        'projects'
      ] as { project: string }[];
      expect(projects.length).toBeGreaterThan(0);
      await call(app, 'GET', `/v1/models/project-worth-building/projects/${projects[0]?.project ?? ''}`);
      await runJob(app, '/v1/allocations', { model: 'project-worth-building' });
      await call(app, 'GET', '/v1/audit');
    } finally {
      await app.close();
    }
  });

  it('telemetry, live state, alerts, webhooks, quality charts, specifications and assets', async () => {
    operate = await createQualityApp({
      specifications: await twoBaseSpecifications(),
      rules: [{ id: 'vib-high', kind: 'threshold', event: 'sensor', series: 'pump-3|vibration', above: 8 }],
    });
    const { app } = operate;
    const HOUR = 3_600_000;
    const events = [
      { id: 'inv-1', kind: 'inventory', facility: 'hub', time: NOW - HOUR, material: 'Nd-oxide', tonnes: 12 },
      ...[99.8, 99.82, 99.78, 99.81, 99.79, 99.8, 99.83, 99.77].map((value, i) => ({
        id: `assay-${i}`,
        kind: 'assay',
        facility: 'sep-b',
        time: NOW - (20 - i) * HOUR,
        lot: `L${i}`,
        material: 'Nd-oxide',
        analyte: 'Nd2O3/TREO',
        value,
        unit: '%',
      })),
      ...[2, 3, 5, 9, 12].map((value, i) => ({
        id: `vib-${i}`,
        kind: 'sensor',
        facility: 'sep-b',
        time: NOW - (10 - i) * HOUR,
        asset: 'pump-3',
        tag: 'vibration',
        value,
        unit: 'mm/s',
      })),
    ];
    expect((await postEvents(app, events)).statusCode).toBe(200);
    await operate.operate.drain();
    await call(app, 'GET', '/v1/telemetry?facility=sep-b&limit=5');
    await call(
      app,
      'GET',
      `/v1/telemetry/aggregate?kind=sensor&from=${NOW - 30 * HOUR}&to=${NOW}&bucket=hour`,
    );
    await call(app, 'GET', '/v1/telemetry/schema');
    await call(app, 'GET', '/v1/openapi.json');
    await call(app, 'GET', '/v1/telemetry/stats');
    await call(app, 'GET', '/v1/telemetry/rejections');
    await call(app, 'GET', '/v1/live');
    await call(app, 'GET', '/v1/plan-vs-actual');
    const alerts = bodyOf(await call(app, 'GET', '/v1/alerts'))['alerts'] as { id: string }[];
    expect(alerts.length).toBeGreaterThan(0);
    await call(app, 'GET', `/v1/alerts/${alerts[0]?.id ?? ''}`);
    await call(app, 'POST', `/v1/alerts/${alerts[0]?.id ?? ''}/ack`, { note: 'seen' });
    await call(app, 'GET', '/v1/alerts/rules');
    await call(app, 'POST', '/v1/alerts/evaluate');
    await call(app, 'POST', '/v1/alerts/webhooks', { url: 'https://hooks.example.com/reeflow' });
    await call(app, 'GET', '/v1/alerts/webhooks');
    await call(app, 'GET', '/v1/specifications?model=two-base');
    await call(
      app,
      'GET',
      '/v1/quality/charts?facility=sep-b&material=Nd-oxide&analyte=Nd2O3%2FTREO&model=two-base',
    );
    await call(app, 'GET', '/v1/assets');
    await call(app, 'GET', '/v1/assets/pump-3');
    await call(app, 'GET', '/v1/audit');
  });
});
