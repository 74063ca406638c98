// POST /v1/risk/diversification: the consumer's cost curve as a job, on a tiny model served from a
// temporary folder (the what-if test's twoSources with Australia's capacity 40).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRegistry } from '../../src/server/models.js';
import { bodyOf, createTestApp, EXAMPLE_MODELS, finishedJob, toEvents } from './helpers.js';

/** Japan needs 50 t of Nd oxide; China mines at 10 USD/t (capacity 1,000), Australia at 30 (capacity 40). */
const TWO_SOURCES = `schemaVersion: 1
name: Two sources
horizon: { start: 2026-01, periods: 1, step: year }
settings: { discountRate: 0 }
jurisdictions:
  - { id: CN, name: China }
  - { id: AU, name: Australia }
  - { id: JP, name: Japan }
materials:
  - { id: ox, kind: oxide, elements: { Nd: 1 } }
facilities:
  - id: cn
    jurisdiction: CN
    processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 1000, cost: 10 }]
  - id: au
    jurisdiction: AU
    processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 40, cost: 30 }]
  - { id: jp, jurisdiction: JP, kind: consumer }
routes:
  - { from: cn, to: jp }
  - { from: au, to: jp }
demands:
  - { node: jp, material: ox, quantity: 50, unmetCost: 1000 }
`;

const URL = '/v1/risk/diversification';
let app: FastifyInstance;
let folder = '';
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'reeflow-diversification-'));
  writeFileSync(join(folder, 'model.yaml'), TWO_SOURCES);
  app = createTestApp({
    models: createModelRegistry([...EXAMPLE_MODELS, { id: 'two-sources', path: folder, source: 'bundled' }]),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});

const start = (payload: object) => app.inject({ method: 'POST', url: URL, payload });

type Row = Record<string, number | boolean | string>;

describe('POST /v1/risk/diversification', () => {
  it("re-plans Japan's supply with a tightening cap on China: 500, 1,000, then 1,200 with 10 t short", async () => {
    const response = await start({
      model: 'two-sources',
      consumer: 'JP',
      through: 'CN',
      elements: ['Nd'],
      steps: [1, 0.5, 0],
    });
    expect(response.statusCode).toBe(202);
    const queued = bodyOf(response);
    expect(queued).toMatchObject({ kind: 'diversification', status: expect.any(String) });
    const id = String(queued['id']);
    expect(response.headers['location']).toBe(`${URL}/${id}`);

    const job = await finishedJob(app, `${URL}/${id}`);
    expect(job['status']).toBe('succeeded');
    const metric = job['result'] as { name: string; unit: string; notes?: string[]; values: Row[] };
    expect(metric).toMatchObject({ name: 'diversification-cost', unit: 'USD' });
    // Cap 100%: all 50 t from China at 10 = 500, the cap does not bind. Cap 50%: 25 × 10 + 25 × 30
    // = 1,000 (+500). Cap 0%: Australia's 40 t at 30 = 1,200 (+700), 10 t short.
    const rows = metric.values;
    expect(rows.map((r) => r['maxShare'])).toEqual([1, 0.5, 0]);
    expect(rows.map((r) => r['supplyCost'])).toEqual([
      expect.closeTo(500, 6),
      expect.closeTo(1000, 6),
      expect.closeTo(1200, 6),
    ]);
    expect(rows.map((r) => r['costIncrease'])).toEqual([
      expect.closeTo(0, 6),
      expect.closeTo(500, 6),
      expect.closeTo(700, 6),
    ]);
    expect(rows.map((r) => r['shortfall'])).toEqual([
      expect.closeTo(0, 6),
      expect.closeTo(0, 6),
      expect.closeTo(10, 6),
    ]);
    expect(rows.map((r) => r['feasible'])).toEqual([true, true, false]);
    expect(rows.map((r) => r['binds'])).toEqual([false, true, true]);
    expect(metric.notes).toEqual([expect.stringMatching(/^at 0% the cap can only be met by leaving demand/)]);

    // Progress counts the caps planned, one event per plan after the first line.
    const events = toEvents((await app.inject({ method: 'GET', url: `${URL}/${id}/events` })).body);
    expect(events.filter((e) => e.event === 'progress').map((e) => e.data['detail'])).toEqual([
      '0 of 3 caps planned',
      '1 of 3 caps planned',
      '2 of 3 caps planned',
      '3 of 3 caps planned',
    ]);
  });

  it('names an unknown consumer or jurisdiction at once (422) with a did-you-mean', async () => {
    const consumer = await start({ model: 'two-sources', consumer: 'JPN', through: 'CN', elements: ['Nd'] });
    expect(consumer.statusCode).toBe(422);
    expect(bodyOf(consumer)).toMatchObject({
      code: 'RISK_UNKNOWN_CONSUMER',
      message: expect.stringContaining("did you mean 'JP'?"),
    });
    const through = await start({ model: 'two-sources', consumer: 'JP', through: 'CNN', elements: ['Nd'] });
    expect(through.statusCode).toBe(422);
    expect(bodyOf(through)).toMatchObject({
      code: 'RISK_UNKNOWN_PARTY',
      message: expect.stringContaining("did you mean 'CN'?"),
    });
  });

  it('refuses an unknown element and answers 404 for an unknown job', async () => {
    const element = await start({ model: 'two-sources', consumer: 'JP', through: 'CN', elements: ['Xx'] });
    expect(element.statusCode).toBe(400);
    expect(bodyOf(element)['code']).toBe('VALIDATION_FAILED');
    const missing = await app.inject({ method: 'GET', url: `${URL}/nope` });
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing)['code']).toBe('DIVERSIFICATION_NOT_FOUND');
  });
});
