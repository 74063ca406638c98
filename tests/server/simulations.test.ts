import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { MonteCarloResult, StockpileSizing } from '../../src/simulate/index.js';
import { bodyOf, createTestApp, finishedJob, toEvents } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = createTestApp();
  await app.ready();
});
afterAll(() => app.close());

/** binding-quota: CN and AU mines of 1,000 t/yr each, Japan needs 1,000 t/yr; pro-rata needs no baseline plan. */
const SIMULATION = {
  model: 'binding-quota',
  runs: 4,
  days: 30,
  seed: 7,
  options: { allocation: 'pro-rata' },
};

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

const finished = (url: string): Promise<Record<string, unknown>> => finishedJob(app, url);

describe('simulations as jobs', () => {
  it('runs a Monte Carlo simulation: supply 2,000 t/yr against demand 1,000 t/yr fills every run', async () => {
    const started = await post('/v1/simulations', SIMULATION);
    expect(started.statusCode).toBe(202);
    const job = bodyOf(started);
    const id = String(job['id']);
    expect(job).toMatchObject({
      kind: 'simulation',
      status: 'queued',
      input: SIMULATION,
      createdAt: '2026-01-01T00:00:00.000Z',
      progress: [],
    });
    expect(started.headers['location']).toBe(`/v1/simulations/${id}`);
    const done = await finished(`/v1/simulations/${id}`);
    expect(done['status']).toBe('succeeded');
    const phases = done['progress'] as { phase: string; detail?: string }[];
    expect(phases[0]).toMatchObject({ phase: 'simulate', detail: '0/4 runs' });
    expect(phases.at(-2)).toMatchObject({ phase: 'simulate', detail: '4/4 runs' });
    expect(phases.at(-1)).toMatchObject({ phase: 'done', detail: 'system fill rate mean 1.0000' });
    const result = done['result'] as MonteCarloResult;
    expect([result.runs, result.seed, result.days, result.allocation]).toEqual([4, 7, 30, 'pro-rata']);
    expect(result.system.fillRate).toEqual({ mean: 1, p5: 1, p50: 1, p95: 1 });
    // Over time: 30 days = 4 weeks and 2 days, every week filled in every run.
    expect(result.series.ends).toEqual([7, 14, 21, 28, 30]);
    expect(result.series.system.fillRate).toEqual({
      mean: [1, 1, 1, 1, 1],
      p5: [1, 1, 1, 1, 1],
      p50: [1, 1, 1, 1, 1],
      p95: [1, 1, 1, 1, 1],
    });
    // The representative run's flows: each mine makes 1,000 × 30 / 365 t in the one (yearly) period.
    expect(result.flows?.periods).toEqual(['2026-01']);
    const activity = result.flows?.activity.find((a) => a.process === 'cn-mine/mine')?.activity ?? 0;
    expect(activity).toBeCloseTo((1000 * 30) / 365, 9);
    // A finished job is served from its cached JSON.
    expect((await app.inject({ method: 'GET', url: `/v1/simulations/${id}` })).body).toBe(
      JSON.stringify(done),
    );
  });

  it('plans the baseline first for plan-guided allocation (the default)', async () => {
    const job = bodyOf(await post('/v1/simulations', { model: 'binding-quota', runs: 2, days: 10 }));
    const done = await finished(`/v1/simulations/${String(job['id'])}`);
    expect(done['status']).toBe('succeeded');
    expect((done['progress'] as { phase: string }[])[0]?.phase).toBe('plan');
    expect((done['result'] as MonteCarloResult).allocation).toBe('plan');
  });

  it('streams progress as server-sent events and ends with the final status', async () => {
    const job = bodyOf(await post('/v1/simulations', SIMULATION));
    const response = await app.inject({ method: 'GET', url: `/v1/simulations/${String(job['id'])}/events` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = toEvents(response.body);
    expect(events.filter((e) => e.event === 'progress').at(-1)?.data['phase']).toBe('done');
    expect(events.at(-1)).toEqual({ event: 'status', data: { status: 'succeeded' } });
  });

  it('cancels a queued simulation at once and a running one at its next batch; lists newest first without results', async () => {
    const long = bodyOf(await post('/v1/simulations', { ...SIMULATION, runs: 100_000, days: 3650 }));
    const queued = bodyOf(await post('/v1/simulations', SIMULATION));
    const cancel = await app.inject({ method: 'DELETE', url: `/v1/simulations/${String(queued['id'])}` });
    expect(cancel.statusCode).toBe(202);
    expect(bodyOf(cancel)['status']).toBe('cancelled');
    const again = await app.inject({ method: 'DELETE', url: `/v1/simulations/${String(queued['id'])}` });
    expect(again.statusCode).toBe(409);
    expect(bodyOf(again)).toEqual({
      code: 'JOB_FINISHED',
      message: `simulation '${String(queued['id'])}' has cancelled already`,
    });
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/simulations/${String(long['id'])}` })).statusCode,
    ).toBe(202);
    expect((await finished(`/v1/simulations/${String(long['id'])}`))['status']).toBe('cancelled');
    const list = bodyOf(await app.inject({ method: 'GET', url: '/v1/simulations' }))['simulations'] as Record<
      string,
      unknown
    >[];
    expect(list.slice(0, 2).map((s) => s['id'])).toEqual([queued['id'], long['id']]);
    expect(list.every((s) => !('result' in s))).toBe(true);
  });
});

describe('simulation errors', () => {
  it('answers 400 for a bad body', async () => {
    const missing = await post('/v1/simulations', { runs: 3 });
    expect(missing.statusCode).toBe(400);
    expect((bodyOf(missing)['issues'] as { path: unknown[] }[])[0]?.path).toEqual(['body', 'model']);
    expect((await post('/v1/simulations', { model: 'binding-quota', runs: 0 })).statusCode).toBe(400);
    expect((await post('/v1/simulations', { model: 'binding-quota', colour: 'blue' })).statusCode).toBe(400);
  });

  it('answers 404 for an unknown model, scenario or simulation', async () => {
    expect(bodyOf(await post('/v1/simulations', { model: 'nope' }))['code']).toBe('MODEL_NOT_FOUND');
    expect(bodyOf(await post('/v1/simulations', { model: 'binding-quota', scenario: 'nope' }))['code']).toBe(
      'SCENARIO_NOT_FOUND',
    );
    for (const [method, url] of [
      ['GET', '/v1/simulations/x'],
      ['GET', '/v1/simulations/x/events'],
      ['DELETE', '/v1/simulations/x'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(404);
      expect(bodyOf(response)).toEqual({
        code: 'SIMULATION_NOT_FOUND',
        message: "no simulation 'x' (jobs are kept in memory until the server restarts)",
      });
    }
  });

  it('answers 422 SIM_BAD_OPTION or SIM_UNKNOWN_ID before queueing bad options or unknown ids', async () => {
    const negative = await post('/v1/simulations', {
      model: 'binding-quota',
      options: { outages: { rate: -1 } },
    });
    expect(negative.statusCode).toBe(422);
    expect(bodyOf(negative)['code']).toBe('SIM_BAD_OPTION');
    const unknown = await post('/v1/simulations', {
      model: 'binding-quota',
      options: { outages: { facilities: ['cn-mines'] } },
    });
    expect(bodyOf(unknown)).toMatchObject({
      code: 'SIM_UNKNOWN_ID',
      message: expect.stringContaining("unknown facility 'cn-mines'") as string,
    });
  });
});

describe('stockpile sizing as a job', () => {
  const SIZING = { ...SIMULATION, runs: 3, material: 'ox', holder: 'JP', target: 0.9 };

  it('finds level 0 when every run already fills Japan (supply twice demand, no disruptions)', async () => {
    const started = await post('/v1/stockpile-sizing', SIZING);
    expect(started.statusCode).toBe(202);
    const job = bodyOf(started);
    expect(started.headers['location']).toBe(`/v1/stockpile-sizing/${String(job['id'])}`);
    const done = await finished(`/v1/stockpile-sizing/${String(job['id'])}`);
    expect(done['status']).toBe('succeeded');
    const result = done['result'] as StockpileSizing;
    expect(result).toMatchObject({
      material: 'ox',
      holder: 'JP',
      node: 'jp-user',
      level: 0,
      target: 0.9,
      confidence: 0.95,
      steps: [{ level: 0, fillRate: 1 }],
      demands: ['jp-user:ox'],
    });
    const events = toEvents(
      (await app.inject({ method: 'GET', url: `/v1/stockpile-sizing/${String(job['id'])}/events` })).body,
    );
    expect(events.map((e) => e.data['phase'] ?? e.data['status'])).toEqual(['size', 'size', 'succeeded']);
  });

  it('answers 422 for an unknown material, and the job fails with SIM_UNKNOWN_ID for an unknown holder', async () => {
    const material = await post('/v1/stockpile-sizing', { ...SIZING, material: 'oxide' });
    expect(bodyOf(material)).toEqual({
      code: 'SIM_UNKNOWN_ID',
      message: "model 'binding-quota' has no material 'oxide'; did you mean 'ox'?",
    });
    expect((await post('/v1/stockpile-sizing', { ...SIZING, target: 2 })).statusCode).toBe(400);
    const job = bodyOf(await post('/v1/stockpile-sizing', { ...SIZING, holder: 'XX' }));
    const done = await finished(`/v1/stockpile-sizing/${String(job['id'])}`);
    expect(done['status']).toBe('failed');
    expect((done['error'] as { code: string }).code).toBe('SIM_UNKNOWN_ID');
    expect(bodyOf(await app.inject({ method: 'GET', url: '/v1/stockpile-sizing/x' }))['code']).toBe(
      'SIZING_NOT_FOUND',
    );
  });
});
