import { describe, expect, it } from 'vitest';
import {
  concentration,
  createRiskNetwork,
  exposure,
  fromSimulation,
  importReliance,
  traceOrigins,
} from '../../src/risk/index.js';
import { runMonteCarlo } from '../../src/simulate/index.js';
import { twoMines } from './simulation-fixtures.js';

describe('fromSimulation: risk metrics on a simulation’s flows', () => {
  it('reads the representative run: production, inputs, deliveries and nominal capacity by period', async () => {
    const model = twoMines();
    const result = await runMonteCarlo(
      { model, options: { days: 59, allocation: 'pro-rata' } },
      { runs: 3, seed: 5, flows: true },
    );
    const network = createRiskNetwork(model);
    const view = fromSimulation(result, network);
    expect(view.source).toBe('simulation');
    expect(view.periods).toEqual(['2026-01', '2026-02']);
    const produced = (facility: string, period: string): number =>
      view.production
        .filter((p) => p.facility === facility && p.period === period)
        .reduce((a, p) => a + p.tonnes, 0);
    // 2 t/day × 31 days, 1 t/day × 28 days.
    expect(produced('mine', '2026-01')).toBeCloseTo(62, 9);
    expect(produced('mine-au', '2026-02')).toBeCloseTo(28, 9);
    // Nominal capacity of the CN mine in February: 730 × 28 / 365 = 56 t, all used.
    expect(view.capacities.find((c) => c.facility === 'mine' && c.period === '2026-02')).toMatchObject({
      capacity: expect.closeTo(56, 9) as number,
      throughput: expect.closeTo(56, 9) as number,
    });
    expect(view.deliveries.map((d) => d.required)).toEqual([expect.closeTo(93, 9), expect.closeTo(84, 9)]);
    expect(view.shipments.every((s) => s.from !== s.to && s.to === 'maker')).toBe(true);
  });

  it('computes HHI, import reliance and exposure from the simulated flows (hand-computed)', async () => {
    const model = twoMines();
    const result = await runMonteCarlo(
      { model, options: { days: 59, allocation: 'pro-rata' } },
      { runs: 1, seed: 5, flows: true },
    );
    const network = createRiskNetwork(model);
    const view = fromSimulation(result, network);
    // Mining shares CN 2/3, AU 1/3: HHI = 66.67² + 33.33² = 5,555.6.
    const hhi = concentration(view, network, { elements: ['REO'] }).values.find(
      (r) => r['stage'] === 'mining',
    );
    expect(hhi?.value).toBeCloseTo(50_000 / 9, 6);
    // Japan makes nothing: everything it consumes is imported → reliance 100% (stock build-up excluded).
    const jp = importReliance(view, network, { group: 'kind' }).values.find(
      (r) => r['jurisdiction'] === 'JP',
    );
    expect(jp?.value).toBeCloseTo(1, 9);
    // Japan's Dy all comes from the two mines.
    const rows = exposure(traceOrigins(view, network), network, {
      consumer: { jurisdiction: 'JP' },
      through: ['CN', 'AU'],
    }).values.filter((r) => r['stage'] === 'any');
    const share = (j: string): number => rows.find((r) => r['through'] === j)?.value ?? 0;
    expect(share('CN') + share('AU')).toBeCloseTo(1, 9);
    // Both mines ship all they make (3 t/day wanted), so Japan's stock mixes CN:AU = 2:1.
    expect(share('CN')).toBeCloseTo(2 / 3, 9);
  });

  it('says so when a result has no flows', async () => {
    const model = twoMines();
    const result = await runMonteCarlo(
      { model, options: { days: 10, allocation: 'pro-rata' } },
      { runs: 1, seed: 5 },
    );
    expect(() => fromSimulation(result, createRiskNetwork(model))).toThrow(/no flows/);
  });
});
