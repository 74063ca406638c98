import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bodyOf, createTestApp } from './helpers.js';

const TINY_YAML = `schemaVersion: 1
name: Tiny upload
horizon: { start: 2026-01, periods: 1, step: year }
jurisdictions: [{ id: AU, name: Australia }, { id: JP, name: Japan }]
materials: [{ id: ox, kind: oxide, elements: { Nd: 1 } }]
facilities:
  - { id: au-mine, jurisdiction: AU, processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 1000, cost: 150 }] }
  - { id: jp-user, jurisdiction: JP, kind: consumer }
routes: [{ from: au-mine, to: jp-user }]
demands: [{ node: jp-user, material: ox, quantity: 400 }]
`;

let app: FastifyInstance;
beforeAll(async () => {
  app = createTestApp();
  await app.ready();
});
afterAll(() => app.close());

describe('models', () => {
  it('lists the models with the default', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models' });
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body['default']).toBe('binding-quota');
    expect(body['models']).toEqual([
      {
        id: 'binding-quota',
        name: 'Binding quota',
        description: 'A mining quota binds and shifts supply to a dearer mine.',
        source: 'bundled',
        valid: true,
        errors: 0,
        warnings: 0,
        scenarios: [],
      },
      expect.objectContaining({ id: 'export-ban-reroute', valid: true, scenarios: ['no-ban'] }),
    ]);
  });

  it('gets one model with its summary: two 1,000 t/yr mines, China half the mining capacity', async () => {
    const body = bodyOf(await app.inject({ method: 'GET', url: '/v1/models/binding-quota' }));
    const summary = body['summary'] as {
      capacity: { stage: string; jurisdiction: string; capacity: number; share: number }[];
      counts: Record<string, number>;
    };
    expect(summary.counts['facilities']).toBe(3);
    expect(summary.capacity.map((c) => [c.stage, c.jurisdiction, c.capacity, c.share])).toEqual(
      expect.arrayContaining([
        ['mining', 'CN', 1000, 0.5],
        ['mining', 'AU', 1000, 0.5],
      ]),
    );
    expect(body['issues']).toEqual([]);
  });

  it('answers 404 MODEL_NOT_FOUND naming the known models', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models/nope' });
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({
      code: 'MODEL_NOT_FOUND',
      message: "no model 'nope'; known: binding-quota, export-ban-reroute",
    });
  });

  it('serves the parsed model document with canonical units', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models/binding-quota/document' });
    expect(response.statusCode).toBe(200);
    const model = bodyOf(response) as { policies: { id: string; limit: number }[] };
    expect(model.policies[0]).toMatchObject({ id: 'cn-mining-quota', limit: 600 });
  });

  it('validates a YAML body: valid, with a summary; nothing is stored', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/models/validate',
      headers: { 'content-type': 'application/yaml' },
      payload: TINY_YAML,
    });
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body['valid']).toBe(true);
    expect((body['summary'] as { name: string }).name).toBe('Tiny upload');
    expect((await app.inject({ method: 'GET', url: '/v1/models/tiny-upload' })).statusCode).toBe(404);
  });

  it('validates a JSON body and reports every issue with its code and line', async () => {
    const broken = TINY_YAML.replace('node: jp-user', 'node: jp-usr');
    const yaml = bodyOf(
      await app.inject({
        method: 'POST',
        url: '/v1/models/validate',
        headers: { 'content-type': 'text/yaml' },
        payload: broken,
      }),
    );
    expect(yaml['valid']).toBe(false);
    const issues = yaml['issues'] as { code: string; line?: number; message: string }[];
    expect(issues.some((i) => i.line === 10 && i.message.includes('jp-usr'))).toBe(true);
    const json = bodyOf(
      await app.inject({
        method: 'POST',
        url: '/v1/models/validate',
        payload: { schemaVersion: 1, name: 'x' },
      }),
    );
    expect(json['valid']).toBe(false);
    expect(
      (json['issues'] as { code: string; path: string[] }[]).some((i) => i.path.includes('horizon')),
    ).toBe(true);
  });

  it('answers 400 to an empty body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/models/validate',
      headers: { 'content-type': 'application/yaml' },
      payload: '  ',
    });
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)['code']).toBe('BAD_REQUEST');
  });

  it('uploads a model (201, listed, plannable), refuses a taken id (409) and an invalid model (422)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/models',
      headers: { 'content-type': 'application/yaml' },
      payload: TINY_YAML,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['location']).toBe('/v1/models/tiny-upload');
    expect(bodyOf(created)).toMatchObject({ id: 'tiny-upload', source: 'uploaded', valid: true });
    const listed = bodyOf(await app.inject({ method: 'GET', url: '/v1/models' }))['models'] as {
      id: string;
    }[];
    expect(listed.map((m) => m.id)).toContain('tiny-upload');
    const again = await app.inject({
      method: 'POST',
      url: '/v1/models',
      headers: { 'content-type': 'application/yaml' },
      payload: TINY_YAML,
    });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)['code']).toBe('MODEL_EXISTS');
    const named = await app.inject({
      method: 'POST',
      url: '/v1/models?id=tiny-2',
      headers: { 'content-type': 'application/yaml' },
      payload: TINY_YAML,
    });
    expect(named.statusCode).toBe(201);
    const badId = await app.inject({
      method: 'POST',
      url: '/v1/models?id=../x',
      headers: { 'content-type': 'application/yaml' },
      payload: TINY_YAML,
    });
    expect(badId.statusCode).toBe(400);
    expect(bodyOf(badId)['code']).toBe('VALIDATION_FAILED');
    const invalid = await app.inject({
      method: 'POST',
      url: '/v1/models',
      headers: { 'content-type': 'application/yaml' },
      payload: 'schemaVersion: 1\nname: [unclosed\n',
    });
    expect(invalid.statusCode).toBe(422);
    const body = bodyOf(invalid);
    expect(body['code']).toBe('MODEL_INVALID');
    expect((body['issues'] as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('scenarios', () => {
  it("lists a model's scenarios", async () => {
    const body = bodyOf(await app.inject({ method: 'GET', url: '/v1/models/export-ban-reroute/scenarios' }));
    expect(body).toEqual({ scenarios: [{ id: 'no-ban' }] });
  });

  it('applies one: valid, the ban policy gone from the summary counts', async () => {
    const base = bodyOf(await app.inject({ method: 'GET', url: '/v1/models/export-ban-reroute' }));
    const response = await app.inject({
      method: 'POST',
      url: '/v1/models/export-ban-reroute/scenarios/no-ban/apply',
    });
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body).toMatchObject({ model: 'export-ban-reroute', scenario: 'no-ban', valid: true, issues: [] });
    const before = (base['summary'] as { counts: Record<string, number> }).counts['policies'];
    expect((body['summary'] as { counts: Record<string, number> }).counts['policies']).toBe(
      (before ?? 0) - 1,
    );
  });

  it('answers 404 for an unknown scenario or model', async () => {
    const scenario = await app.inject({
      method: 'POST',
      url: '/v1/models/export-ban-reroute/scenarios/nope/apply',
    });
    expect(scenario.statusCode).toBe(404);
    expect(bodyOf(scenario)).toEqual({
      code: 'SCENARIO_NOT_FOUND',
      message: "model 'export-ban-reroute' has no scenario 'nope'; it has: no-ban",
    });
    expect((await app.inject({ method: 'GET', url: '/v1/models/nope/scenarios' })).statusCode).toBe(404);
  });
});
