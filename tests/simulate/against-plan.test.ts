import { describe, expect, it } from 'vitest';
import { explainAgainstPlan, shortfallTiming, type MonteCarloResult } from '../../src/simulate/index.js';

/** 70 days in ten weekly buckets; one demand of 700 t (10 t a day) with the given median weekly fill rates. */
function result(fills: number[], tonnesShort: number): MonteCarloResult {
  const flat = (v: number) => ({ mean: v, p5: v, p50: v, p95: v, min: v, max: v });
  return {
    model: 'm',
    runs: 1,
    seed: 1,
    deterministic: true,
    days: 70,
    allocation: 'plan',
    system: { fillRate: flat(1), tonnesShort: flat(tonnesShort) },
    demands: [{ demand: 'd', required: 700 }],
    series: {
      bucketDays: 7,
      ends: fills.map((_, k) => 7 * (k + 1)),
      demands: [{ demand: 'd', fillRate: { mean: fills, p5: fills, p50: fills, p95: fills } }],
    },
  } as unknown as MonteCarloResult;
}

describe('a simulation against the plan it follows (D19)', () => {
  it('splits the shortfall into start-up, run-out and in between', () => {
    // 10 t a day × 7 days = 70 t a week. Week 0 at 50% → 35 t (start); week 5 at 90% → 7 t
    // (between); week 9 at 80% → 14 t (the last four weeks).
    const fills = [0.5, 1, 1, 1, 1, 0.9, 1, 1, 1, 0.8];
    const timing = shortfallTiming(result(fills, 56));
    expect(timing.start).toBeCloseTo(35, 9);
    expect(timing.between).toBeCloseTo(7, 9);
    expect(timing.end).toBeCloseTo(14, 9);
    const text = explainAgainstPlan(result(fills, 56), 0, 35);
    expect(text).toContain(
      'The plan this simulation follows has no shortfall, but the day-by-day simulation is short 56 t (P50)',
    );
    // 35 / 56 = 62.5% → 63%, 14 / 56 = 25%, 7 / 56 = 12.4999…% in floating point → 12%.
    expect(text).toContain('About 63% falls in the first 4 weeks');
    expect(text).toContain('routes take up to 35 d); 25% in the last 4 weeks');
    expect(text).toContain('12% in between');
  });

  it('says nothing when the simulation is not short beyond the plan', () => {
    expect(explainAgainstPlan(result([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0), 0, 35)).toBeUndefined();
    expect(explainAgainstPlan(result([0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1], 35), 35, 35)).toBeUndefined();
  });
});
