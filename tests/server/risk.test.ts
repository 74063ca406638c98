import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bodyOf, createTestApp, finishedJob } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = createTestApp();
  await app.ready();
});
afterAll(() => app.close());

type Row = Record<string, unknown> & { value: number };
type Report = {
  source: string;
  model: string;
  job?: string;
  status: string;
  metrics: { name: string; unit: string; values: Row[] }[];
};

const finished = (url: string): Promise<Record<string, unknown>> => finishedJob(app, url);

/** A succeeded job's id. */
async function succeeded(url: string, payload: object): Promise<string> {
  const id = String(bodyOf(await app.inject({ method: 'POST', url, payload }))['id']);
  expect((await finished(`${url}/${id}`))['status']).toBe('succeeded');
  return id;
}

const risk = async (query: string) => app.inject({ method: 'GET', url: `/v1/risk?${query}` });
const metric = (report: Report, name: string): Row[] =>
  report.metrics.find((m) => m.name === name)?.values ?? [];

// binding-quota: the plan mines CN 600 t and AU 400 t (quota); the simulation ignores the quota
// and runs both mines at 1,000 t/yr, shipping pro rata to Japan's 1,000 t/yr.
describe('GET /v1/risk', () => {
  let planId = '';
  let simulationId = '';
  beforeAll(async () => {
    planId = await succeeded('/v1/plans', { model: 'binding-quota' });
    simulationId = await succeeded('/v1/simulations', {
      model: 'binding-quota',
      runs: 2,
      days: 30,
      seed: 3,
      options: { allocation: 'pro-rata' },
    });
  });

  it('plans the model now: mining HHI by country 60² + 40² = 5,200; Japan imports all it uses', async () => {
    const response = await risk('model=binding-quota&metric=hhi,import-reliance');
    expect(response.statusCode).toBe(200);
    const report = bodyOf(response) as unknown as Report;
    expect(report).toMatchObject({ model: 'binding-quota', source: 'plan', status: 'optimal' });
    expect(metric(report, 'hhi').find((r) => r['stage'] === 'mining')?.value).toBeCloseTo(5200, 6);
    expect(metric(report, 'import-reliance').find((r) => r['jurisdiction'] === 'JP')?.value).toBeCloseTo(
      1,
      9,
    );
  });

  it("measures a finished plan job: Japan's exposure to CN is 600 / 1,000", async () => {
    const report = bodyOf(
      await risk(`plan=${planId}&consumer=JP&metric=exposure&through=CN`),
    ) as unknown as Report;
    expect(report).toMatchObject({ source: 'plan', job: planId });
    expect(
      metric(report, 'exposure').find((r) => r['through'] === 'CN' && r['stage'] === 'any')?.value,
    ).toBeCloseTo(0.6, 9);
  });

  it("measures a simulation job from its representative run: two mines at capacity → HHI 5,000; Japan's supply all traced to the two", async () => {
    const report = bodyOf(
      await risk(`simulation=${simulationId}&metric=hhi,exposure&consumer=JP&through=CN`),
    ) as unknown as Report;
    expect(report).toMatchObject({ source: 'simulation', job: simulationId, status: '2 runs' });
    expect(metric(report, 'hhi').find((r) => r['stage'] === 'mining')?.value).toBeCloseTo(5000, 6);
    const exposureTo = (j: string): number =>
      metric(report, 'exposure').find((r) => r['through'] === j && r['stage'] === 'any')?.value ?? 0;
    const other = bodyOf(
      await risk(`simulation=${simulationId}&metric=exposure&consumer=JP&through=AU`),
    ) as unknown as Report;
    expect(
      exposureTo('CN') +
        (metric(other, 'exposure').find((r) => r['through'] === 'AU' && r['stage'] === 'any')?.value ?? 0),
    ).toBeCloseTo(1, 9);
  });

  it('answers coded errors: unknown metric or consumer 422, missing inputs 400, unknown jobs 404', async () => {
    expect(bodyOf(await risk('model=binding-quota&metric=vulnerability'))['code']).toBe(
      'RISK_UNKNOWN_METRIC',
    );
    expect(bodyOf(await risk(`plan=${planId}&metric=exposure&consumer=XX`))).toEqual({
      code: 'RISK_UNKNOWN_CONSUMER',
      message:
        "unknown consumer 'XX'; expected a demand id, a demand node, a jurisdiction or a bloc; known jurisdictions, blocs, nodes and demands: 'CN', 'AU', 'US', 'JP', 'jp-user', 'jp-user:ox'.",
    });
    expect(bodyOf(await risk(`plan=${planId}&metric=exposure`))).toEqual({
      code: 'BAD_REQUEST',
      message: 'metric exposure needs consumer',
    });
    expect((await risk('')).statusCode).toBe(400);
    expect((await risk(`plan=${planId}&simulation=${simulationId}`)).statusCode).toBe(400);
    expect((await risk('model=binding-quota&by=planet')).statusCode).toBe(400);
    expect(bodyOf(await risk('plan=plan-0'))['code']).toBe('PLAN_NOT_FOUND');
    expect(bodyOf(await risk('simulation=simulation-0'))['code']).toBe('SIMULATION_NOT_FOUND');
    expect(bodyOf(await risk(`simulation=${planId}`))['code']).toBe('SIMULATION_NOT_FOUND');
    expect(bodyOf(await risk('model=nope'))['code']).toBe('MODEL_NOT_FOUND');
  });

  it('answers 409 RUN_NOT_READY for a job that has not succeeded', async () => {
    const first = bodyOf(
      await app.inject({ method: 'POST', url: '/v1/plans', payload: { model: 'binding-quota' } }),
    );
    const second = bodyOf(
      await app.inject({ method: 'POST', url: '/v1/plans', payload: { model: 'binding-quota' } }),
    );
    await app.inject({ method: 'DELETE', url: `/v1/plans/${String(second['id'])}` });
    const response = await risk(`plan=${String(second['id'])}`);
    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({
      code: 'RUN_NOT_READY',
      message: `plan '${String(second['id'])}' is cancelled; measure it once it has succeeded`,
    });
    await finished(`/v1/plans/${String(first['id'])}`);
  });

  describe('POST /v1/compare', () => {
    const compare = (payload: object) => app.inject({ method: 'POST', url: '/v1/compare', payload });

    it('puts a plan job and a simulation job side by side (the first job’s model gives the flow metrics)', async () => {
      const response = await compare({ a: { plan: planId }, b: { simulation: simulationId } });
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response) as {
        kinds: string[];
        comparisons: { name: string; values: (Row & { key: string; a: number; b: number })[] }[];
        notCompared: string[];
      };
      expect(body.kinds).toEqual(['plan', 'simulation']);
      const rows = (name: string) =>
        body.comparisons.find((c) => c.name === `${name} (compare)`)?.values ?? [];
      // Mining HHI 5,200 (plan) → 5,000 (simulation): −200. Both serve Japan in full.
      expect(rows('hhi').find((r) => r.key.includes('stage=mining'))).toMatchObject({
        a: expect.closeTo(5200, 6) as number,
        b: expect.closeTo(5000, 6) as number,
        value: expect.closeTo(-200, 6) as number,
      });
      expect(rows('fill-rate').find((r) => r.key === 'demand=(system) statistic=p5')).toMatchObject({
        a: 1,
        b: 1,
        value: 0,
      });
      expect(body.notCompared).toEqual(['cost', 'shortfall']);
    });

    it('takes saved results inline and only changed rows on request', async () => {
      const plan = bodyOf(await app.inject({ method: 'GET', url: `/v1/plans/${planId}` }))['result'];
      const body = bodyOf(await compare({ a: { result: plan }, b: { plan: planId }, changed: true })) as {
        comparisons: { values: unknown[] }[];
      };
      expect(body.comparisons.length).toBeGreaterThan(3);
      expect(body.comparisons.every((c) => c.values.length === 0)).toBe(true);
    });

    it('answers 400 for a bad body, 422 for a result of neither kind, 404 for unknown jobs and 409 for unfinished ones', async () => {
      expect((await compare({ a: { plan: planId } })).statusCode).toBe(400);
      expect((await compare({ a: { plan: planId }, b: { run: 'x' } })).statusCode).toBe(400);
      expect(bodyOf(await compare({ a: { plan: planId }, b: { result: { hello: 1 } } }))).toEqual({
        code: 'RESULT_INVALID',
        message: 'b.result is neither a PlanResult nor a MonteCarloResult',
      });
      expect(bodyOf(await compare({ a: { plan: 'plan-0' }, b: { plan: planId } }))['code']).toBe(
        'PLAN_NOT_FOUND',
      );
      expect(bodyOf(await compare({ a: { simulation: 'x' }, b: { plan: planId } }))['code']).toBe(
        'SIMULATION_NOT_FOUND',
      );
      expect(bodyOf(await compare({ a: { plan: planId }, b: { plan: planId }, model: 'nope' }))['code']).toBe(
        'MODEL_NOT_FOUND',
      );
    });
  });
});
