// Published limits and signals for the classic SPC datasets in tests/fixtures/benchmarks/spc/ (a copy of the public reference data; sources in its README).
// Sources: D. C. Montgomery, Introduction to Statistical Quality Control (6th–8th eds.; examples cited
// per test); the R package qcc (L. Scrucca, R News 4/1, 2004; `qcc()` output printed in its vignette
// "A quick tour of qcc"); NIST/SEMATECH e-Handbook of Statistical Methods §6.3.2.4 (EWMA).
// Convention: every limit is computed from unrounded intermediates with exactly computed constants
// (as qcc does). Montgomery rounds intermediates (R̄ = 0.023, c̄ = 19.85) before multiplying, so a few
// of his printed limits differ in the last digit; each test says where.
import { describe, expect, it } from 'vitest';
import {
  capability,
  chartConstants,
  controlChart,
  type ControlChartResult,
} from '../../../src/monitor/spc/index.js';
import { column, csvRows } from '../helpers.js';

const round = (v: number | undefined, digits: number): number => Number((v ?? NaN).toFixed(digits));
const limits = (r: ControlChartResult, series = 0, point = 0): [number, number, number] => {
  const s = r.series[series];
  return [s?.center[point] ?? NaN, s?.lcl[point] ?? NaN, s?.ucl[point] ?? NaN];
};
const signalled = (r: ControlChartResult, series = 0): number[] => [
  ...new Set(r.series[series]?.violations.map((v) => v.index + 1)),
];

const pistonrings = csvRows('spc/pistonrings.csv').map((r) => r.slice(1, 6).map(Number));

describe('piston rings (Montgomery Example 6.1/6.3, Tables 6.3–6.4; qcc pistonrings)', () => {
  it('x̄-R: phase I limits from samples 1–25, phase II signals at samples 37, 38, 39', () => {
    const r = controlChart(
      { subgroups: pistonrings },
      { chart: 'xbar-r', reference: { start: 0, end: 25 }, rules: '1' },
    );
    // qcc: Center = 74.00118, StdDev = 0.009785, LCL = 73.98805, UCL = 74.0143.
    const [cl, lcl, ucl] = limits(r);
    expect([round(cl, 5), round(r.limits.sigma, 6), round(lcl, 5), round(ucl, 5)]).toEqual([
      74.00118, 0.009785, 73.98805, 74.0143,
    ]);
    // Montgomery: x̄̄ = 74.001, UCL = 74.014, LCL = 73.988 (R̄ = 0.023 rounded from 0.02276).
    expect([round(cl, 3), round(lcl, 3), round(ucl, 3)]).toEqual([74.001, 73.988, 74.014]);
    // R chart: R̄ = 0.02276, UCL = D4·R̄ = 2.114·0.02276 = 0.04813 (Montgomery prints 0.049 from R̄ rounded to 0.023), LCL = 0.
    expect(limits(r, 1).map((v) => round(v, 5))).toEqual([0.02276, 0, 0.04813]);
    expect(signalled(r)).toEqual([37, 38, 39]);
    expect(signalled(r, 1)).toEqual([]);
  });

  it('x̄-S: s̄ = 0.009240, σ̂ = s̄/c4 = 0.009830; x̄ limits 73.98799–74.01436; S chart UCL = B4·s̄ = 0.01930', () => {
    const r = controlChart(
      { subgroups: pistonrings },
      { chart: 'xbar-s', reference: { start: 0, end: 25 }, rules: '1' },
    );
    expect(round(r.limits.sigma, 6)).toBe(0.00983);
    expect(limits(r).map((v) => round(v, 5))).toEqual([74.00118, 73.98799, 74.01436]);
    expect(limits(r, 1).map((v) => round(v, 5))).toEqual([0.00924, 0, 0.0193]);
    expect(signalled(r)).toEqual([37, 38, 39]);
  });

  it('phase II with frozen limits equals the phase I chart on the new samples', () => {
    const phase1 = controlChart({ subgroups: pistonrings.slice(0, 25) }, { chart: 'xbar-r', rules: '1' });
    const phase2 = controlChart(
      { subgroups: pistonrings.slice(25) },
      { chart: 'xbar-r', limits: phase1.limits, rules: '1' },
    );
    expect(phase2.phase).toBe('II');
    expect(signalled(phase2).map((i) => i + 25)).toEqual([37, 38, 39]);
  });

  it('capability against 74.000 ± 0.05 with σ̂ = R̄/d2 (Montgomery Example 8.? uses σ̂ = 0.0099 and prints Cp = 1.68)', () => {
    const phase1 = controlChart({ subgroups: pistonrings.slice(0, 25) }, { chart: 'xbar-r', rules: '1' });
    const values = pistonrings.slice(0, 25).flat();
    const c = capability(values, { lsl: 73.95, usl: 74.05 }, { sigmaWithin: phase1.limits.sigma });
    // Cp = 0.1/(6·0.0097853) = 1.7032; Cpk = (74.05 − 74.001176)/(3·0.0097853) = 1.6632.
    expect(round(c.cp.value ?? NaN, 4)).toBe(1.7032);
    expect(round(c.cpk.value ?? NaN, 4)).toBe(1.6632);
    // Cp CI, n = 125: 1.7032·√(95.0701/124) = 1.4914 and 1.7032·√(156.7141/124) = 1.9148 (χ² quantiles from scipy).
    expect([round(c.cp.lower ?? NaN, 4), round(c.cp.upper ?? NaN, 4)]).toEqual([1.4914, 1.9148]);
    // Bissell: 1.6632 ∓ 1.96·√(1/1125 + 1.6631²/248) = 1.6632 ∓ 0.2151.
    expect([round(c.cpk.lower ?? NaN, 4), round(c.cpk.upper ?? NaN, 4)]).toEqual([1.4481, 1.8783]);
    expect(c.observedOutside).toBe(0);
  });
});

describe('viscosity (qcc viscosity; Montgomery exercise data): individuals and moving range, batches 1–20 phase I', () => {
  it('x̄ = 34.088, MR̄ = 0.5726, σ̂ = MR̄/d2 = 0.5075, limits 32.5656–35.6104; MR UCL = 3.267·MR̄ = 1.8705', () => {
    const r = controlChart(
      { values: column('spc/viscosity.csv', 1) },
      { chart: 'imr', reference: { start: 0, end: 20 }, rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 4))).toEqual([34.088, 32.5656, 35.6104]);
    expect(limits(r, 1).map((v) => round(v, 4))).toEqual([0.5726, 0, 1.8705]);
    expect(signalled(r)).toEqual([4]);
  });
});

describe('orange juice cans (Montgomery Examples 7.1–7.2; qcc orangejuice)', () => {
  const D = column('spc/orangejuice.csv', 1);
  it('p chart: p̄ = 0.2313, UCL 0.4102, LCL 0.0524; samples 15 and 23 out', () => {
    const r = controlChart(
      { counts: D, sizes: 50 },
      { chart: 'p', reference: { start: 0, end: 30 }, rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 4))).toEqual([0.2313, 0.0524, 0.4102]);
    expect(signalled(r).filter((i) => i <= 30)).toEqual([15, 23]);
  });
  it('revised p chart without 15 and 23 (assignable causes): p̄ = 0.2150, UCL 0.3893, LCL 0.0407; sample 21 now above', () => {
    const r = controlChart(
      { counts: D, sizes: 50 },
      { chart: 'p', reference: { start: 0, end: 30 }, exclude: [14, 22], rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 4))).toEqual([0.215, 0.0407, 0.3893]);
    expect(signalled(r).filter((i) => i <= 30)).toEqual([15, 21, 23]);
  });
  it('iterative exclusion also drops 21 and stops after three estimates', () => {
    const r = controlChart(
      { counts: D, sizes: 50 },
      { chart: 'p', reference: { start: 0, end: 30 }, iterate: true, rules: '1' },
    );
    expect(r.excluded).toEqual([14, 20, 22]);
    expect(r.iterations).toBe(3);
    expect(round(r.limits.center, 4)).toBe(0.2081); // 562/2700
  });
  it('np chart: n·p̄ = 11.57, UCL 20.51, LCL 2.62', () => {
    const r = controlChart(
      { counts: D, sizes: 50 },
      { chart: 'np', reference: { start: 0, end: 30 }, rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 2))).toEqual([11.57, 2.62, 20.51]);
  });
  it('after the adjustment (orangejuice2, samples 31–54 phase I): p̄ = 0.1108, UCL 0.2440, LCL 0; samples 55–94 in control', () => {
    const r = controlChart(
      { counts: column('spc/orangejuice2.csv', 1), sizes: 50 },
      { chart: 'p', reference: { start: 0, end: 24 }, rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 4))).toEqual([0.1108, 0, 0.244]);
    expect(signalled(r)).toEqual([]);
  });
});

describe('circuit boards (Montgomery Example 7.3; qcc circuit): c chart', () => {
  const x = column('spc/circuit.csv', 1);
  it('c̄ = 19.85, UCL 33.21 (Montgomery prints 33.22 from c̄ rounded to 19.85; qcc 33.21), LCL 6.48; samples 6 and 20 out', () => {
    const r = controlChart({ counts: x }, { chart: 'c', reference: { start: 0, end: 26 }, rules: '1' });
    expect(limits(r).map((v) => round(v, 2))).toEqual([19.85, 6.48, 33.21]);
    expect(signalled(r)).toEqual([6, 20]);
  });
  it('revised without 6 and 20: c̄ = 19.67, UCL 32.97, LCL 6.36', () => {
    const r = controlChart(
      { counts: x },
      { chart: 'c', reference: { start: 0, end: 26 }, exclude: [5, 19], rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 2))).toEqual([19.67, 6.36, 32.97]);
  });
});

describe('u charts (Montgomery Examples 7.4 and 7.5; qcc pcmanufact, dyedcloth)', () => {
  it('PC manufacturing, n = 5: ū = 1.93, UCL 3.79, LCL 0.07, in control', () => {
    const rows = csvRows('spc/pcmanufact.csv');
    const r = controlChart(
      { counts: rows.map((x) => Number(x[1])), sizes: rows.map((x) => Number(x[2])) },
      { chart: 'u', rules: '1' },
    );
    expect(limits(r).map((v) => round(v, 2))).toEqual([1.93, 0.07, 3.79]);
    expect(signalled(r)).toEqual([]);
  });
  it('dyed cloth, varying inspection units: ū = 153/107.5 = 1.42; limits per roll ū ± 3√(ū/nᵢ)', () => {
    const rows = csvRows('spc/dyedcloth.csv');
    const r = controlChart(
      { counts: rows.map((x) => Number(x[1])), sizes: rows.map((x) => Number(x[2])) },
      { chart: 'u', rules: '1' },
    );
    expect(round(r.limits.center, 2)).toBe(1.42);
    // Montgomery Table 7.? : n = 10 → 0.29–2.55; n = 8 → 0.16–2.69; n = 13 → 0.43–2.42; n = 9.5 → 0.26–2.58.
    expect(r.series[0]?.lcl.slice(0, 5).map((v) => round(v, 2))).toEqual([0.29, 0.16, 0.43, 0.29, 0.26]);
    expect(r.series[0]?.ucl.slice(0, 5).map((v) => round(v, 2))).toEqual([2.56, 2.69, 2.42, 2.56, 2.58]);
    expect(signalled(r)).toEqual([]);
  });
});

describe('EWMA: NIST/SEMATECH e-Handbook §6.3.2.4 example (λ = 0.3, μ0 = 50, s = 2.0539, steady-state limits)', () => {
  it('reproduces every EWMA value to 2 decimals and UCL 52.5884, LCL 47.4115; no signal', () => {
    const r = controlChart(
      { values: column('spc/nist_ewma.csv', 1) },
      { chart: 'ewma', lambda: 0.3, target: 50, sigma: 2.0539, asymptotic: true },
    );
    expect(r.series[0]?.values.map((v) => round(v, 2))).toEqual([
      50.6, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11, 49.36, 49.52, 50.05, 49.38,
      49.92, 50.73, 51.23, 51.94, 51.99,
    ]);
    expect(round(r.series[0]?.ucl[0], 4)).toBe(52.5884);
    expect(round(r.series[0]?.lcl[0], 4)).toBe(47.4116); // NIST prints 47.4115 (truncated); 50 − 2.58842 = 47.41158
    expect(r.series[0]?.violations).toEqual([]);
  });
});

describe('tabular CUSUM: Montgomery Example 9.1, Table 9.2 (μ0 = 10, σ = 1, k = 0.5, h = 5)', () => {
  it('C+ first exceeds H = 5 at period 29 (5.28), again at 30 (5.30); C− never signals', () => {
    const r = controlChart(
      { values: column('spc/montgomery_table9_1.csv', 1) },
      { chart: 'cusum', target: 10, sigma: 1, k: 0.5, h: 5 },
    );
    const up = r.series[0]?.values.map((v) => round(v, 2)) ?? [];
    expect(up.slice(0, 6)).toEqual([0, 0, 0, 1.16, 2.82, 2.5]);
    expect(up.slice(26)).toEqual([3.35, 4.47, 5.28, 5.3]);
    expect(r.series[1]?.values.slice(0, 3).map((v) => round(v, 2))).toEqual([0.05, 1.56, 1.77]);
    expect(signalled(r, 0)).toEqual([29, 30]);
    expect(signalled(r, 1)).toEqual([]);
  });
});

describe('constants (exact, as qcc) against Montgomery Appendix VI', () => {
  // Montgomery Appendix VI, n = 2…10: d2, d3 (3 decimals), c4 (4), A2, D3, D4, B3, B4 (3).
  const table: [number, number, number, number, number, number, number, number, number][] = [
    [2, 1.128, 0.853, 0.7979, 1.88, 0, 3.267, 0, 3.267],
    [3, 1.693, 0.888, 0.8862, 1.023, 0, 2.574, 0, 2.568],
    [4, 2.059, 0.88, 0.9213, 0.729, 0, 2.282, 0, 2.266],
    [5, 2.326, 0.864, 0.94, 0.577, 0, 2.114, 0, 2.089],
    [6, 2.534, 0.848, 0.9515, 0.483, 0, 2.004, 0.03, 1.97],
    [7, 2.704, 0.833, 0.9594, 0.419, 0.076, 1.924, 0.118, 1.882],
    [8, 2.847, 0.82, 0.965, 0.373, 0.136, 1.864, 0.185, 1.815],
    [9, 2.97, 0.808, 0.9693, 0.337, 0.184, 1.816, 0.239, 1.761],
    [10, 3.078, 0.797, 0.9727, 0.308, 0.223, 1.777, 0.284, 1.716],
  ];
  it.each(table)('n = %i', (n, d2, d3, c4, A2, D3, D4, B3, B4) => {
    const k = chartConstants(n);
    // D4(3): the exact value is 2.57459 → 2.575; the table's 2.574 comes from the rounded d2, d3.
    expect([
      round(k.d2, 3),
      round(k.d3, 3),
      round(k.c4, 4),
      round(k.A2, 3),
      round(k.D3, 3),
      n === 3 ? 2.574 : round(k.D4, 3),
      round(k.B3, 3),
      round(k.B4, 3),
    ]).toEqual([d2, d3, c4, A2, D3, D4, B3, B4]);
  });
  it('d2(2) = 2/√π and d3(2) = √(2 − 4/π) exactly; d2(5) = 2.325929 (qcc)', () => {
    expect(chartConstants(2).d2).toBeCloseTo(2 / Math.sqrt(Math.PI), 12);
    expect(chartConstants(2).d3).toBeCloseTo(Math.sqrt(2 - 4 / Math.PI), 7);
    expect(round(chartConstants(5).d2, 6)).toBe(2.325929);
    expect(round(chartConstants(3).D4, 5)).toBe(2.57459);
  });
});
