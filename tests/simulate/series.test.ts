import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/simulate/simulate.js';
import { runMonteCarlo, runReplications } from '../../src/simulate/monte-carlo.js';
import { chainModel } from './helpers.js';

// The one-mine chain of helpers.ts: 1 t/day mined, shipped with a 1-day lead time, 1 t/day demanded,
// no buffer at the consumer; so a day without production is a day short one day later.

describe('time series of a run (weekly buckets)', () => {
  it('daily steps: a February outage shows in the weeks it hits, by hand', () => {
    // Mine at zero 1–28 Feb = measured days 31–58 (day 0 is 1 Jan); arrivals miss days 32–59.
    // Weeks (days 7b … 7b+6): week 4 (28–34) misses 32–34 → 4/7; weeks 5–7 (35–55) → 0;
    // week 8 (56–62) misses 56–59 → 3/7; week 9 (63–69) → 1. 70 days = 10 full weeks.
    const model = chainModel({
      outages: [{ facility: 'mine', start: '2026-02', end: '2026-02', availability: 0 }],
    });
    const sim = createSimulator(model, { days: 70 });
    expect(sim.net.bucketEnds).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 63, 70]);
    const run = sim.run(0, 1);
    const expected = [1, 1, 1, 1, 4 / 7, 0, 0, 0, 3 / 7, 1];
    run.fillSeries.forEach((v, b) => expect(v, `week ${b}`).toBeCloseTo(expected[b] ?? NaN, 12));
    // One demand: its series is the system's.
    expect(run.demandFillSeries).toEqual(run.fillSeries);
    expect(run.stockSeries).toEqual([]);
  });

  it('a last bucket shorter than a week ends on the last day', () => {
    expect(createSimulator(chainModel(), { days: 30 }).net.bucketEnds).toEqual([7, 14, 21, 28, 30]);
    expect(createSimulator(chainModel(), { days: 365 }).net.bucketEnds).toHaveLength(53);
  });

  it('weekly steps: each step is a bucket', () => {
    // Weeks start on days 0, 7, …: those starting 5, 12, 19, 26 Feb (days 35, 42, 49, 56) fall in
    // February, so the mine makes nothing in steps 5–8; a 1-day lead time is one weekly step, so
    // steps 6–9 get nothing. 70 days = 10 steps = 10 buckets.
    const model = chainModel({
      outages: [{ facility: 'mine', start: '2026-02', end: '2026-02', availability: 0 }],
    });
    const sim = createSimulator(model, { days: 70, step: 'week' });
    expect(sim.net.bucketEnds).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 63, 70]);
    expect(sim.run(0, 1).fillSeries).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('fan charts over time: P5, P50, P95 and mean per week across runs', () => {
  // A predicted failure with probability 0.5 stops the mine on days 13–19 (start in [13, 13.5),
  // 6.5 days long → steps [13, 20)); arrivals miss days 14–20 = week 3 (bucket 2). A 3 t stockpile
  // at the consumer releases what a day lacks: days 14–16 are served, 17–20 are short.
  // Hit run: week 3 fill 3/7, stockpile 3, 3, 0, 0, 0. Other runs: fill 1, stockpile 3 throughout.
  const model = chainModel({
    stockpiles: [{ id: 'jp-dy', holder: 'JP', node: 'maker', material: 'dy', level: 3 }],
  });
  const options = {
    days: 30,
    outages: {
      predicted: [{ facility: 'mine', probability: 0.5, leadDays: 13, horizonDays: 0.5, durationDays: 6.5 }],
    },
  };
  const setup = { model, options };

  it('gives the percentiles computed by hand (seed 8: the failure hits 10 of 20 runs)', async () => {
    const { summaries } = await runReplications(setup, { runs: 20, seed: 8 });
    const hit = summaries.filter((r) => r.events['predicted-outages'] === 1);
    expect(hit).toHaveLength(10);
    for (const r of hit) expect(r.stockSeries).toEqual([3, 3, 0, 0, 0]);

    const result = await runMonteCarlo(setup, { runs: 20, seed: 8 });
    const { series } = result;
    expect(series.bucketDays).toBe(7);
    expect(series.ends).toEqual([7, 14, 21, 28, 30]);
    // Week 3 over 20 runs, sorted: ten × 3/7, ten × 1. Type-7 quantiles: P5 at position 19 × 0.05
    // = 0.95 → 3/7; P50 at 9.5 → halfway between 3/7 and 1 = 5/7; P95 at 18.05 → 1. Mean 5/7.
    const fill = series.system.fillRate;
    expect(fill.p5[2]).toBeCloseTo(3 / 7, 12);
    expect(fill.p50[2]).toBeCloseTo(5 / 7, 12);
    expect(fill.p95[2]).toBeCloseTo(1, 12);
    expect(fill.mean[2]).toBeCloseTo(5 / 7, 12);
    for (const b of [0, 1, 3, 4])
      expect([fill.p5[b], fill.p50[b], fill.p95[b], fill.mean[b]]).toEqual([1, 1, 1, 1]);
    expect(series.demands).toEqual([{ demand: 'maker:dy', fillRate: fill }]);
    // Stockpile from week 3 on: ten × 0, ten × 3 → P5 0, P50 1.5, P95 3, mean 1.5; before: 3.
    const level = series.stockpiles[0]?.level;
    expect(series.stockpiles.map((s) => s.stockpile)).toEqual(['jp-dy']);
    expect(level?.p5).toEqual([3, 3, 0, 0, 0]);
    expect(level?.p50).toEqual([3, 3, 1.5, 1.5, 1.5]);
    expect(level?.p95).toEqual([3, 3, 3, 3, 3]);
    expect(level?.mean).toEqual([3, 3, 1.5, 1.5, 1.5]);
    expect(series.system.stockpileLevel).toEqual(level);
  });

  it('is the same whatever the number of workers and batch size', async () => {
    const inline = await runMonteCarlo(setup, { runs: 20, seed: 8, workers: 0 });
    const two = await runMonteCarlo(setup, { runs: 20, seed: 8, workers: 2, batchSize: 3 });
    const one = await runMonteCarlo(setup, { runs: 20, seed: 8, workers: 1, batchSize: 7 });
    expect(two.series).toEqual(inline.series);
    expect(one.series).toEqual(inline.series);
    expect(inline.series.system.fillRate.p50[2]).toBeLessThan(1);
  }, 60_000);
});
