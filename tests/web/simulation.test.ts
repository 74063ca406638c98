import { describe, expect, it } from 'vitest';
import {
  periodFillRate,
  runsDone,
  stockpileLevels,
  toFan,
  toSizingOutcome,
  toSizingRequest,
  toTimeFan,
  type SizingForm,
} from '../../web/src/lib/simulation.js';

describe('simulation fan charts', () => {
  it('bands P5–P95 around the median, worst first', () => {
    const fan = toFan([
      { id: 'us:magnet', value: { mean: 0.9, p5: 0.8, p50: 0.92, p95: 1 } },
      { id: 'jp:magnet', value: { mean: 0.7, p5: 0.5, p50: 0.75, p95: 0.85 } },
      { id: 'eu:magnet', value: { mean: 1, p5: 1, p50: 1, p95: 1 } },
      { id: 'cn:magnet', value: { mean: 1, p5: 1, p50: 1, p95: 1 } },
    ]);
    expect(fan.categories).toEqual(['jp:magnet', 'us:magnet', 'cn:magnet', 'eu:magnet']);
    expect(fan.lower).toEqual([0.5, 0.8, 1, 1]);
    // 0.85 − 0.5 = 0.35 and 1 − 0.8 = 0.2 (to floating point), then no spread.
    expect(fan.band[0]).toBeCloseTo(0.35, 12);
    expect(fan.band[1]).toBeCloseTo(0.2, 12);
    expect(fan.band.slice(2)).toEqual([0, 0]);
    expect(fan.median).toEqual([0.75, 0.92, 1, 1]);
    expect(fan.mean).toEqual([0.7, 0.9, 1, 1]);
    expect(
      toFan(
        [
          { id: 'a', value: { mean: 1, p5: 1, p50: 1, p95: 1 } },
          { id: 'b', value: { mean: 0, p5: 0, p50: 0, p95: 0 } },
        ],
        1,
      ).categories,
    ).toEqual(['b']);
  });

  it('shapes a series over time for ECharts: one category per week, the P5 floor and the P5–P95 band stacked on it', () => {
    // The hand-computed week-3 dip of tests/simulate/series.test.ts: ten of twenty runs at 3/7.
    const fan = toTimeFan([7, 14, 21, 28, 30], {
      mean: [1, 1, 5 / 7, 1, 1],
      p5: [1, 1, 3 / 7, 1, 1],
      p50: [1, 1, 5 / 7, 1, 1],
      p95: [1, 1, 1, 1, 1],
    });
    expect(fan.categories).toEqual(['7', '14', '21', '28', '30']);
    expect(fan.lower).toEqual([1, 1, 3 / 7, 1, 1]);
    // 1 − 3/7 = 4/7 in week 3; no spread elsewhere. Floor + band gives back P95.
    expect(fan.band[2]).toBeCloseTo(4 / 7, 12);
    expect(fan.band.filter((_, b) => b !== 2)).toEqual([0, 0, 0, 0]);
    expect(fan.median).toEqual([1, 1, 5 / 7, 1, 1]);
    expect(fan.mean).toEqual([1, 1, 5 / 7, 1, 1]);
    // Buckets, not items: the order is time's, never re-sorted by median.
    const stock = toTimeFan([7, 14, 21], {
      mean: [3, 1.5, 1.5],
      p5: [3, 0, 0],
      p50: [3, 1.5, 1.5],
      p95: [3, 3, 3],
    });
    expect(stock.lower).toEqual([3, 0, 0]);
    expect(stock.band).toEqual([0, 3, 3]);
    expect(stock.median).toEqual([3, 1.5, 1.5]);
  });

  it('gives the fill rate of each period over every demand', () => {
    const deliveries = [
      { demand: 'a', period: '2026-01', required: 100, served: 90 },
      { demand: 'b', period: '2026-01', required: 300, served: 300 },
      { demand: 'a', period: '2026-02', required: 50, served: 10 },
      { demand: 'b', period: '2026-02', required: 0, served: 0 },
    ];
    // January: 390 / 400 = 0.975; February: 10 / 50 = 0.2; March: nothing required → 1.
    expect(periodFillRate(deliveries, ['2026-01', '2026-02', '2026-03'])).toEqual([0.975, 0.2, 1]);
  });

  it('lines up stockpile levels by period', () => {
    const rows = [
      { stockpile: 'jp-dy', period: '2026-02', level: 20 },
      { stockpile: 'jp-dy', period: '2026-01', level: 30 },
      { stockpile: 'us-nd', period: '2026-01', level: 225 },
    ];
    expect(stockpileLevels(rows, ['2026-01', '2026-02'])).toEqual([
      { stockpile: 'jp-dy', levels: [30, 20] },
      { stockpile: 'us-nd', levels: [225, null] },
    ]);
  });

  it('reads runs done from the progress detail', () => {
    expect(runsDone('37/100 runs')).toEqual({ done: 37, total: 100 });
    expect(runsDone('baseline plan for plan-guided allocation')).toBeUndefined();
    expect(runsDone(undefined)).toBeUndefined();
  });
});

describe('stockpile sizing', () => {
  const form: SizingForm = {
    material: 'ndfeb-magnet',
    holder: 'CN',
    node: '',
    target: '99',
    confidence: '95',
    runs: '10',
    days: '365',
    seed: '1',
    outageRate: '',
    maxLevel: '',
  };

  it('turns the form into the request: percentages as fractions, empty optional fields left out', () => {
    expect(toSizingRequest(form)).toEqual({
      request: {
        material: 'ndfeb-magnet',
        holder: 'CN',
        target: 0.99,
        confidence: 0.95,
        runs: 10,
        days: 365,
        seed: 1,
      },
    });
    expect(
      toSizingRequest({
        ...form,
        node: 'yangtze-customers',
        outageRate: '4',
        maxLevel: '20000',
        target: '100',
      }),
    ).toEqual({
      request: {
        material: 'ndfeb-magnet',
        holder: 'CN',
        node: 'yangtze-customers',
        target: 1,
        confidence: 0.95,
        runs: 10,
        days: 365,
        seed: 1,
        maxLevel: 20000,
        options: { outages: { rate: 4 } },
      },
    });
  });

  it('says what to fix instead of sending a request the server would refuse', () => {
    expect(toSizingRequest({ ...form, target: '101' })).toEqual({
      problem: 'The target fill rate is a percentage from 0 to 100.',
    });
    expect(toSizingRequest({ ...form, confidence: '100' })).toHaveProperty('problem');
    expect(toSizingRequest({ ...form, runs: '2.5' })).toHaveProperty('problem');
    expect(toSizingRequest({ ...form, outageRate: '-1' })).toHaveProperty('problem');
    expect(toSizingRequest({ ...form, maxLevel: '0' })).toHaveProperty('problem');
    expect(toSizingRequest({ ...form, holder: '' })).toEqual({
      problem: 'Choose the material held and its holder.',
    });
  });

  it('reads the level found, the fill rate it reaches at the percentile, and the levels tried by size', () => {
    // Doubling 0, 1, 2 then bisecting between 1 and 2: 1.5 misses, 2 is the level.
    const steps = [
      { level: 0, fillRate: 0.6 },
      { level: 1, fillRate: 0.8 },
      { level: 2, fillRate: 0.995 },
      { level: 1.5, fillRate: 0.97 },
    ];
    expect(toSizingOutcome({ level: 2, confidence: 0.95, steps })).toEqual({
      percentile: 5,
      level: 2,
      found: true,
      fillRate: 0.995,
      steps: [steps[0], steps[1], steps[3], steps[2]],
    });
  });

  it('shows the largest level tried when none reaches the target', () => {
    const outcome = toSizingOutcome({
      confidence: 0.9,
      steps: [
        { level: 0, fillRate: 0.5 },
        { level: 1, fillRate: 0.55 },
      ],
    });
    expect(outcome).toMatchObject({ percentile: 10, level: 1, found: false, fillRate: 0.55 });
  });
});
