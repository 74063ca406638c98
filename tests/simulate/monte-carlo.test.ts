import { describe, expect, it } from 'vitest';
import { runMonteCarlo, runReplications } from '../../src/simulate/monte-carlo.js';
import { sizeStockpile } from '../../src/simulate/stockpile.js';
import { createSimulator } from '../../src/simulate/simulate.js';
import { SimulationError } from '../../src/simulate/errors.js';
import { modelSchema } from '../../src/model/index.js';
import { chainModel } from './helpers.js';

/** Twenty independent one-mine chains, so outage counts are twenty Poisson processes. */
function manyMines(count: number) {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'mines',
    horizon: { start: '2026-01', periods: 12, step: 'month' },
    jurisdictions: [{ id: 'CN', name: 'China' }],
    materials: [{ id: 'ox', kind: 'oxide', elements: { Nd: 1 } }],
    facilities: [
      ...Array.from({ length: count }, (_, i) => ({
        id: `mine${i}`,
        jurisdiction: 'CN',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ox: 1 }, capacity: 365 }],
      })),
      { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
    ],
    routes: Array.from({ length: count }, (_, i) => ({ from: `mine${i}`, to: 'user', leadTime: '2d' })),
    demands: [{ node: 'user', material: 'ox', quantity: 365 * count }],
  });
}

describe('runs without random events', () => {
  it('says so: a chain with no outages, closures, surges or licences draws nothing, so every run is the same (D19)', async () => {
    const quiet = await runMonteCarlo({ model: chainModel({}), options: { days: 60 } }, { runs: 4, seed: 7 });
    expect(quiet.deterministic).toBe(true);
    expect(quiet.system.fillRate.p5).toBe(quiet.system.fillRate.p95);
    const noisy = await runMonteCarlo(
      { model: chainModel({}), options: { days: 60, outages: { rate: 3 } } },
      { runs: 4, seed: 7 },
    );
    expect(noisy.deterministic).toBe(false);
  });
});

describe('Monte Carlo', () => {
  const licence = {
    id: 'lic',
    kind: 'export-control',
    from: 'CN',
    elements: ['Dy'],
    mode: 'license',
    licenseDelay: '30d',
    approvalProbability: 0.7,
  };
  const setup = { model: chainModel({ policies: [licence] }), options: { days: 180, outages: { rate: 3 } } };

  it('gives the same numbers for the same seed whatever the number of workers', async () => {
    const inline = await runMonteCarlo(setup, { runs: 24, seed: 42, workers: 0 });
    const one = await runMonteCarlo(setup, { runs: 24, seed: 42, workers: 1, batchSize: 5 });
    const two = await runMonteCarlo(setup, { runs: 24, seed: 42, workers: 2, batchSize: 3 });
    expect(one).toEqual(inline);
    expect(two).toEqual(inline);
    expect(inline.invariantViolations).toBe(0);
    expect(inline.demands[0]?.fillRate.mean).toBeLessThan(1);
    const other = await runMonteCarlo(setup, { runs: 24, seed: 43 });
    expect(other.demands[0]?.fillRate.mean).not.toBe(inline.demands[0]?.fillRate.mean);
  }, 60_000);

  it('a run does not depend on the runs a simulator made before it (one run state is reused)', () => {
    // Frequent half-capacity outages and a 10-day lead time: earlier runs leave other tonnes in the arrival ring than the warm-up did.
    const model = chainModel({ policies: [licence] }, '10d');
    const options = {
      days: 120,
      outages: { rate: 40, availability: 0.5 },
      demandSurges: { rate: 6 },
      routeClosures: { rate: 3 },
    };
    const fresh = createSimulator(model, options).run(5, 42);
    const used = createSimulator(model, options);
    for (let run = 0; run < 5; run++) used.run(run, 99, { trace: run % 2 === 0 });
    expect(used.run(5, 42)).toEqual(fresh);
    expect(fresh.events['licence-applications']).toBeGreaterThan(0);
    expect(fresh.served[0]).toBeLessThan(fresh.required[0] ?? 0);
  });

  it('samples outages at the rate per year: the mean count lies within its 99.9% confidence interval', async () => {
    // 20 facilities × 2 outages/yr × 1 yr → Poisson(40) per run; over 100 runs the mean has sd √(40/100).
    const { summaries } = await runReplications(
      {
        model: manyMines(20),
        options: { days: 365, outages: { rate: 2, duration: { kind: 'fixed', value: 3 } } },
      },
      { runs: 100, seed: 7 },
    );
    const mean = summaries.reduce((a, r) => a + (r.events['outages'] ?? 0), 0) / summaries.length;
    expect(Math.abs(mean - 40)).toBeLessThan(3.29 * Math.sqrt(40 / 100));
    const days = summaries.reduce((a, r) => a + (r.events['outage-days'] ?? 0), 0) / summaries.length;
    expect(days / mean).toBeCloseTo(3, 9);
  }, 60_000);

  it('reports distributions keyed by input ids', async () => {
    const result = await runMonteCarlo(setup, { runs: 10, seed: 1 });
    expect(result.demands.map((d) => d.demand)).toEqual(['maker:dy']);
    expect(result.consumers).toEqual([
      expect.objectContaining({ node: 'maker', jurisdiction: 'JP', element: 'Dy' }),
    ]);
    const fill = result.demands[0]?.fillRate;
    expect(fill && fill.p5 <= fill.p50 && fill.p50 <= fill.p95).toBe(true);
    expect(result.events['licence-applications']?.mean).toBeGreaterThan(0);
  });

  it('rejects zero runs, negative rates, probabilities outside [0, 1] and unknown ids with coded errors', async () => {
    await expect(runMonteCarlo(setup, { runs: 0, seed: 1 })).rejects.toMatchObject({
      code: 'SIM_BAD_OPTION',
    });
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof SimulationError ? error.code : 'other';
      }
      return undefined;
    };
    expect(code(() => createSimulator(chainModel(), { outages: { rate: -1 } }))).toBe('SIM_BAD_OPTION');
    expect(
      code(() => createSimulator(chainModel(), { exportControls: { defaultApprovalProbability: 1.5 } })),
    ).toBe('SIM_BAD_OPTION');
    expect(code(() => createSimulator(chainModel(), { outages: { rate: 1, facilities: ['mien'] } }))).toBe(
      'SIM_UNKNOWN_ID',
    );
    expect(code(() => createSimulator(chainModel(), { allocation: 'plan' }))).toBe('SIM_NO_PLAN');
  });
});

describe('stockpile sizing', () => {
  it('finds the level that covers a 28-day ban: 28 t (bisection to 0.1 t)', async () => {
    const ban = {
      id: 'ban',
      kind: 'export-control',
      from: 'CN',
      elements: ['Dy'],
      mode: 'ban',
      start: '2026-02',
      end: '2026-02',
    };
    const sizing = await sizeStockpile(chainModel({ policies: [ban] }), { days: 120 }, undefined, {
      material: 'dy',
      holder: 'JP',
      target: 1,
      runs: 2,
      seed: 1,
      tolerance: 0.1,
    });
    expect(sizing.node).toBe('maker');
    expect(sizing.level).toBeGreaterThanOrEqual(28);
    expect(sizing.level).toBeLessThanOrEqual(28.1);
  });
});

describe('stockpile sizing that cannot help', () => {
  /** Japan needs magnets (0.1 Dy, 0.9 Nd) it cannot make, and Nd oxide; China bans Dy exports all year. */
  const banned = () =>
    modelSchema.parse({
      schemaVersion: 1,
      name: 'magnets',
      horizon: { start: '2026-01', periods: 12, step: 'month' },
      jurisdictions: [
        { id: 'CN', name: 'China' },
        { id: 'JP', name: 'Japan' },
      ],
      materials: [
        { id: 'dy', kind: 'oxide', elements: { Dy: 1 } },
        { id: 'nd', kind: 'oxide', elements: { Nd: 1 } },
        { id: 'mag', kind: 'magnet', elements: { Dy: 0.1, Nd: 0.9 } },
      ],
      facilities: [
        {
          id: 'mine',
          jurisdiction: 'CN',
          processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 0.1, nd: 1.9 }, capacity: 730 }],
        },
        {
          id: 'plant',
          jurisdiction: 'CN',
          processes: [
            { id: 'make', stage: 'magnet', inputs: { dy: 0.1, nd: 0.9 }, outputs: { mag: 1 }, capacity: 365 },
          ],
        },
        { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [
        { from: 'mine', to: 'plant', leadTime: '1d' },
        { from: 'plant', to: 'maker', leadTime: '1d' },
        { from: 'mine', to: 'maker', leadTime: '1d' },
      ],
      demands: [
        { node: 'maker', material: 'mag', quantity: 365 },
        { node: 'maker', material: 'nd', quantity: 365 },
      ],
      policies: [{ id: 'ban', kind: 'export-control', from: 'CN', elements: ['Dy'], mode: 'ban' }],
    });

  it('protects only the demands the stocked material is part of, and says why more stock cannot help (item 5)', async () => {
    const sizing = await sizeStockpile(banned(), { days: 120 }, undefined, {
      material: 'dy',
      holder: 'JP',
      target: 0.95,
      runs: 2,
      seed: 1,
    });
    // Nd oxide holds no Dy: a Dy stock does not protect it.
    expect(sizing.demands).toEqual(['maker:mag']);
    expect(sizing.level).toBeUndefined();
    expect(sizing.note).toBe(
      'the fill rate does not respond to the level: nothing at maker, or reachable from it, uses dy, so a stock of dy there cannot become mag; stock mag instead, or hold dy where it is made into mag',
    );
    // Doubling stops once the stock could cover every protected requirement twice, not at 10 Mt.
    expect(sizing.steps.length).toBeLessThan(12);
    const stocked = await sizeStockpile(banned(), { days: 120 }, undefined, {
      material: 'mag',
      holder: 'JP',
      target: 0.95,
      runs: 2,
      seed: 1,
    });
    expect(stocked.demands).toEqual(['maker:mag']);
    expect(stocked.level).toBeGreaterThan(0);
    expect(stocked.note).toBeUndefined();
  });
});
