import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { PlanResult } from '../../src/plan/index.js';
import { bodyOf, createTestApp, finishedJob, toEvents } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = createTestApp();
  await app.ready();
});
afterAll(() => app.close());

const start = (payload: object) => app.inject({ method: 'POST', url: '/v1/plans', payload });

const finished = (id: string): Promise<Record<string, unknown>> => finishedJob(app, `/v1/plans/${id}`);

describe('plans as jobs', () => {
  it('plans binding-quota to the hand-computed optimum: 600 × 100 + 400 × 150 = 120,000', async () => {
    const started = await start({ model: 'binding-quota' });
    expect(started.statusCode).toBe(202);
    const job = bodyOf(started);
    expect(job).toMatchObject({
      kind: 'plan',
      status: 'queued',
      input: { model: 'binding-quota', objective: 'cost' },
      createdAt: '2026-01-01T00:00:00.000Z',
      progress: [],
    });
    expect(started.headers['location']).toBe(`/v1/plans/${String(job['id'])}`);
    const done = await finished(String(job['id']));
    expect(done['status']).toBe('succeeded');
    expect((done['progress'] as { phase: string }[]).map((p) => p.phase)).toEqual([
      'build',
      'solve',
      'assign',
      'done',
    ]);
    const result = done['result'] as PlanResult;
    expect(result.status).toBe('optimal');
    expect(result.objective.value).toBeCloseTo(120_000, 6);
    const from = (facility: string): number =>
      result.flows.filter((f) => f.from === facility).reduce((a, f) => a + f.tonnes, 0);
    expect(from('cn-mine')).toBeCloseTo(600, 6);
    expect(from('au-mine')).toBeCloseTo(400, 6);
    // A finished plan is served from its cached JSON, byte for byte the same.
    const again = await app.inject({ method: 'GET', url: `/v1/plans/${String(job['id'])}` });
    expect(again.body).toBe(JSON.stringify(done));
    // … with an ETag (a revalidation is a 304) and gzip for clients that take it.
    const etag = String(again.headers['etag']);
    const revalidated = await app.inject({
      method: 'GET',
      url: `/v1/plans/${String(job['id'])}`,
      headers: { 'if-none-match': etag },
    });
    expect([revalidated.statusCode, revalidated.body]).toEqual([304, '']);
    const zipped = await app.inject({
      method: 'GET',
      url: `/v1/plans/${String(job['id'])}`,
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(again.body);
  });

  it('applies a scenario first: export-ban-reroute without the ban costs 500 × (100 + 20) = 60,000', async () => {
    const job = bodyOf(await start({ model: 'export-ban-reroute', scenario: 'no-ban' }));
    const done = await finished(String(job['id']));
    const result = done['result'] as PlanResult;
    expect(result.scenario).toBe('no-ban');
    expect(result.objective.value).toBeCloseTo(60_000, 6);
  });

  it('streams progress as server-sent events and ends when the plan finishes', async () => {
    const job = bodyOf(await start({ model: 'binding-quota' }));
    const response = await app.inject({ method: 'GET', url: `/v1/plans/${String(job['id'])}/events` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = toEvents(response.body);
    expect(events.filter((e) => e.event === 'progress').map((e) => e.data['phase'])).toEqual([
      'build',
      'solve',
      'assign',
      'done',
    ]);
    expect(events.at(-1)).toEqual({ event: 'status', data: { status: 'succeeded' } });
    // A finished plan replays its progress and final status at once.
    const replay = toEvents(
      (await app.inject({ method: 'GET', url: `/v1/plans/${String(job['id'])}/events` })).body,
    );
    expect(replay.map((e) => e.event)).toEqual(['progress', 'progress', 'progress', 'progress', 'status']);
  });

  it('lists plans newest first, without results', async () => {
    const body = bodyOf(await app.inject({ method: 'GET', url: '/v1/plans' }));
    const plans = body['plans'] as Record<string, unknown>[];
    expect(plans.length).toBeGreaterThanOrEqual(3);
    expect(plans.every((p) => !('result' in p))).toBe(true);
    expect(plans[plans.length - 1]?.['input']).toEqual({ model: 'binding-quota', objective: 'cost' });
  });

  it('cancels a queued plan (the runner solves one at a time), then refuses to cancel it again', async () => {
    const first = bodyOf(await start({ model: 'binding-quota' }));
    const second = bodyOf(await start({ model: 'binding-quota', objective: 'emissions' }));
    const cancel = await app.inject({ method: 'DELETE', url: `/v1/plans/${String(second['id'])}` });
    expect(cancel.statusCode).toBe(202);
    expect(bodyOf(cancel)['status']).toBe('cancelled');
    expect((await finished(String(second['id'])))['status']).toBe('cancelled');
    expect((await finished(String(first['id'])))['status']).toBe('succeeded');
    const again = await app.inject({ method: 'DELETE', url: `/v1/plans/${String(second['id'])}` });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toEqual({
      code: 'PLAN_FINISHED',
      message: `plan '${String(second['id'])}' has cancelled already`,
    });
  });
});

describe('plan errors', () => {
  it('answers 400 VALIDATION_FAILED with issues for a bad body', async () => {
    const missing = await start({ scenario: 'x' });
    expect(missing.statusCode).toBe(400);
    const body = bodyOf(missing);
    expect(body['code']).toBe('VALIDATION_FAILED');
    expect((body['issues'] as { path: unknown[] }[])[0]?.path).toEqual(['body', 'model']);
    const extra = await start({ model: 'binding-quota', colour: 'blue' });
    expect(extra.statusCode).toBe(400);
    const wrongType = await start({ model: 'binding-quota', timeLimitSeconds: 'soon' });
    expect(bodyOf(wrongType)['issues']).toEqual([
      expect.objectContaining({ path: ['body', 'timeLimitSeconds'] }),
    ]);
  });

  it('answers 404 for an unknown model, scenario or plan', async () => {
    expect(bodyOf(await start({ model: 'nope' }))['code']).toBe('MODEL_NOT_FOUND');
    const scenario = await start({ model: 'binding-quota', scenario: 'nope' });
    expect(scenario.statusCode).toBe(404);
    expect(bodyOf(scenario)).toEqual({
      code: 'SCENARIO_NOT_FOUND',
      message: "model 'binding-quota' has no scenario 'nope'; it has: none",
    });
    for (const [method, url] of [
      ['GET', '/v1/plans/plan-0'],
      ['GET', '/v1/plans/plan-0/events'],
      ['DELETE', '/v1/plans/plan-0'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(404);
      expect(bodyOf(response)['code']).toBe('PLAN_NOT_FOUND');
    }
  });

  it('answers 422 for an unknown objective or a dependence on an unknown jurisdiction', async () => {
    const bad = await start({ model: 'binding-quota', objective: 'cheapest' });
    expect(bad.statusCode).toBe(422);
    expect(bodyOf(bad)['code']).toBe('PLAN_BAD_OBJECTIVE');
    const jurisdiction = await start({ model: 'binding-quota', objective: 'dependence:XX' });
    expect(bodyOf(jurisdiction)).toEqual({
      code: 'PLAN_BAD_OBJECTIVE',
      message: "objective dependence:XX names a jurisdiction model 'binding-quota' does not have",
    });
  });
});
