import { describe, expect, it } from 'vitest';
import {
  createAnomalyScorer,
  fitHotelling,
  hotellingT2,
  scoreNab,
  scoreRul,
  toOutageProbabilities,
} from '../../../src/monitor/maintenance/index.js';
import { SpcError } from '../../../src/monitor/spc/index.js';

describe('Hotelling T²', () => {
  it('with the identity-like baseline, T² of (x̄ + (1, 2)) is 1²/s1² + 2²/s2² for uncorrelated tags', () => {
    // Baseline: tag 1 ∈ {−1, 1}, tag 2 ∈ {−2, 2}, all four combinations twice → mean 0, var1 = 8/7, var2 = 32/7, cov 0.
    const rows = [
      [-1, -2],
      [-1, 2],
      [1, -2],
      [1, 2],
      [-1, -2],
      [-1, 2],
      [1, -2],
      [1, 2],
    ];
    const model = fitHotelling(rows, { ridge: 0 });
    expect(hotellingT2(model, [1, 2])).toBeCloseTo(1 / (8 / 7) + 4 / (32 / 7), 10);
    // UCL = p(m+1)(m−1)/(m² − mp)·F(0.999; 2, 6) = 2·9·7/48 · 27.0000 = 70.875 (F from scipy: 27.000).
    expect(model.ucl).toBeCloseTo(((2 * 9 * 7) / 48) * 27.0, 2);
  });
  it('rejects too few rows and constant tags', () => {
    expect(() =>
      fitHotelling([
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(SpcError);
    expect(() => fitHotelling(Array.from({ length: 10 }, (_, i) => [1, i]))).toThrow(/constant/);
  });
});

describe('streaming anomaly scorer', () => {
  it('a step of 10 MADs after a calm warm-up is flagged once, then held off', () => {
    const scorer = createAnomalyScorer({ warmup: 20, threshold: 6, holdoff: 5 });
    const calm = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const flags = [...calm, 20, 20, 20].map((x, i) => scorer.update(i, x).flagged);
    expect(flags.indexOf(true)).toBe(40);
    expect(flags.filter(Boolean)).toHaveLength(1);
  });
  it('skips out-of-order timestamps (documented) or throws SPC_UNSORTED on request; NaN throws', () => {
    const s = createAnomalyScorer({ warmup: 10 });
    s.update(5, 1);
    expect(s.update(5, 1).skipped).toBe(true);
    expect(s.skipped).toBe(1);
    const strict = createAnomalyScorer({ warmup: 10, unsorted: 'error' });
    strict.update(5, 1);
    expect(() => strict.update(4, 1)).toThrow(expect.objectContaining({ code: 'SPC_UNSORTED' }));
    expect(() => s.update(9, NaN)).toThrow(expect.objectContaining({ code: 'SPC_NON_FINITE' }));
  });
  it('a constant stream scores 0 and never flags (MAD floored, not divided by zero)', () => {
    const s = createAnomalyScorer({ warmup: 10 });
    const pts = Array.from({ length: 50 }, (_, i) => s.update(i, 3));
    expect(pts.some((p) => p.flagged || Number.isNaN(p.score))).toBe(false);
  });
});

describe('NAB scoring rule', () => {
  // 100 points, probation 15; one window [50, 59] (width 10).
  const times = Array.from({ length: 100 }, (_, i) => i);
  const flags = (at: number[]): boolean[] => times.map((t) => at.includes(t));
  it('a detection at the window start scores σ(−1) = 2/(1 + e^−5) − 1 = 0.98661: normalised 100', () => {
    const s = scoreNab(times, flags([50]), [[50, 59]]);
    expect(s.raw).toBeCloseTo(2 / (1 + Math.exp(-5)) - 1, 10);
    expect(s.normalized).toBeCloseTo(100, 10);
  });
  it('a miss scores −1 (normalised 0); an FP before any window costs 0.11; detections in probation are ignored', () => {
    expect(scoreNab(times, flags([]), [[50, 59]]).raw).toBe(-1);
    expect(scoreNab(times, flags([20, 50]), [[50, 59]]).raw).toBeCloseTo(0.98661 - 0.11, 4);
    expect(scoreNab(times, flags([10, 50]), [[50, 59]]).falsePositives).toBe(0);
  });
  it('an FP right after the window costs fpWeight·σ(y), y = (i − right)/(width − 1): at i = 68, y = 1, σ = 2/(1 + e^5) − 1', () => {
    const s = scoreNab(times, flags([50, 68]), [[50, 59]]);
    expect(s.raw).toBeCloseTo(0.98661 + 0.11 * (2 / (1 + Math.exp(5)) - 1), 4);
  });
});

describe('RUL scoring and the outage contract', () => {
  it('NASA score: d = +10 costs e − 1, d = −13 costs e − 1; RMSE of (10, −13) = √134.5', () => {
    const s = scoreRul([20, 7], [10, 20]);
    expect(s.nasaScore).toBeCloseTo(2 * (Math.E - 1), 10);
    expect(s.rmse).toBeCloseTo(Math.sqrt(134.5), 10);
  });
  it('P = 0.5 within 30 days, 30-day periods: 0.5 then 0.25 (constant hazard); lead time shifts it', () => {
    const q = toOutageProbabilities(
      { facility: 'f', probability: 0.5, horizonDays: 30 },
      { periodDays: 30, periods: 2, outageDays: 15 },
    );
    expect(q.map((p) => p.probability)).toEqual([0.5, 0.25]);
    expect(q[0]?.expectedAvailability).toBeCloseTo(0.75, 12);
    const late = toOutageProbabilities(
      { facility: 'f', probability: 0.5, horizonDays: 30, leadDays: 30 },
      { periodDays: 30, periods: 2 },
    );
    expect(late.map((p) => p.probability)).toEqual([0, 0.5]);
    expect(() =>
      toOutageProbabilities(
        { facility: 'f', probability: 2, horizonDays: 30 },
        { periodDays: 30, periods: 1 },
      ),
    ).toThrow(SpcError);
  });
});
