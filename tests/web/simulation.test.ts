import { describe, expect, it } from 'vitest';
import { periodFillRate, runsDone, stockpileLevels, toFan, toTimeFan } from '../../web/src/lib/simulation.js';

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
    expect(toFan([{ id: 'a', value: { mean: 1, p5: 1, p50: 1, p95: 1 } }, { id: 'b', value: { mean: 0, p5: 0, p50: 0, p95: 0 } }], 1).categories).toEqual(['b']);
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
    const stock = toTimeFan([7, 14, 21], { mean: [3, 1.5, 1.5], p5: [3, 0, 0], p50: [3, 1.5, 1.5], p95: [3, 3, 3] });
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
