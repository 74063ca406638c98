import { describe, expect, it } from 'vitest';
import { modelSchema, type Model } from '../../src/model/index.js';
import {
  appraiseProject,
  blendedCostOfCapital,
  checkFinancing,
  excelNpv,
  irr,
  npv,
  payback,
  projectCashFlows,
} from '../../src/coordinate/index.js';

describe('NPV, IRR and payback by hand', () => {
  it('discounts flows at years 0, 1, 2', () => {
    // -100 + 60/1.1 + 60/1.21 = -100 + 54.545454… + 49.586776… = 4.132231…
    expect(npv(0.1, [-100, 60, 60])).toBeCloseTo(4.1322314049587, 10);
    expect(npv(0, [-100, 60, 60])).toBe(20);
  });

  it('finds the IRR in closed form for a two-year project', () => {
    // 60x² + 60x − 100 = 0 with x = 1/(1+r): x = (−60 + √27600)/120, r = 1/x − 1 = 0.130662…
    const x = (-60 + Math.sqrt(27600)) / 120;
    expect(irr([-100, 60, 60])).toBeCloseTo(1 / x - 1, 10);
    expect(npv(irr([-100, 60, 60]) ?? 0, [-100, 60, 60])).toBeCloseTo(0, 8);
    expect(irr([-100, 110])).toBeCloseTo(0.1, 12);
    expect(irr([100, 50])).toBeUndefined(); // no sign change
    // 10x² + 10x − 100 = 0 → x = (−10 + √4100)/20 = 2.7016, r = 1/x − 1 = −0.6298 (a loss-making project)
    expect(irr([-100, 10, 10])).toBeCloseTo(20 / (-10 + Math.sqrt(4100)) - 1, 10);
  });

  it('paybacks: simple and discounted, interpolated within the year', () => {
    expect(payback([-100, 60, 60])).toBeCloseTo(1 + 40 / 60, 12); // -100, -40, +20
    // discounted at 10 %: -100, -45.4545…, +4.1322… → 1 + 45.4545/49.5868
    expect(payback([-100, 60, 60], 0.1)).toBeCloseTo(1 + (100 - 60 / 1.1) / (60 / 1.21), 12);
    expect(payback([-100, 20, 20])).toBeUndefined();
  });
});

describe('agreement with spreadsheet NPV and IRR', () => {
  // Excel's NPV(rate, v1…vn) = Σ v_i/(1+r)^i from i = 1: it discounts the FIRST value one period.
  // So a project whose outlay is today is c0 + NPV(r, c1…cn). Figures from Microsoft's NPV and IRR
  // help pages (support.microsoft.com, "NPV function", "IRR function").
  it("reproduces Excel's NPV example: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44", () => {
    expect(excelNpv(0.1, [-10000, 3000, 4200, 6800])).toBeCloseTo(1188.44, 2);
  });

  it('our npv is the first flow plus Excel NPV of the rest, for any rate', () => {
    const flows = [-70000, 12000, 15000, 18000, 21000, 26000];
    for (const rate of [0, 0.03, 0.087, 0.25])
      expect(npv(rate, flows)).toBeCloseTo(-70000 + excelNpv(rate, flows.slice(1)), 8);
  });

  it("reproduces Excel's IRR examples: -2.1 %, 8.7 % and -44.4 %", () => {
    expect(irr([-70000, 12000, 15000, 18000, 21000])).toBeCloseTo(-0.021245, 5);
    expect(irr([-70000, 12000, 15000, 18000, 21000, 26000])).toBeCloseTo(0.086631, 5);
    expect(irr([-70000, 12000, 15000])).toBeCloseTo(-0.443507, 5);
  });
});

/** One mine of 100 t/yr ox at price 1000, cost 200/t; a project adds 100 t/yr. */
function mineModel(project: Record<string, unknown>): Model {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'finance',
    horizon: { start: '2026-01', periods: 1, step: 'year' },
    settings: { discountRate: 0.1 },
    jurisdictions: [{ id: 'AU', name: 'Australia' }],
    materials: [{ id: 'ox', kind: 'oxide', elements: { Nd: 1 }, price: 1000 }],
    facilities: [
      {
        id: 'mine',
        jurisdiction: 'AU',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ox: 1 }, capacity: 100, cost: 200 }],
      },
    ],
    projects: [
      {
        id: 'expand',
        facility: 'mine',
        expands: { process: 'mine', capacity: 100 },
        capex: 100_000,
        opex: 10_000,
        buildTime: 365,
        lifetimeYears: 3,
        ...project,
      },
    ],
  });
}

describe('project cash flows, cost of capital and sensitivity', () => {
  it('blends the cost of capital by amount: 40M at 3.5 % and 25.9M at 8 % is 5.27 %', () => {
    const blend = blendedCostOfCapital(
      {
        id: 'ngd',
        capex: 65.9e6,
        financing: [
          { source: 'CDB', kind: 'loan', amount: 40e6, rate: 0.035 },
          {
            source: 'sponsors',
            kind: 'equity',
            amount: 25.9e6,
            rate: 0.08,
            bears: ['construction', 'price'],
          },
        ],
      },
      0.06,
    );
    expect(blend.rate).toBeCloseTo((40 * 0.035 + 25.9 * 0.08) / 65.9, 12);
    expect(blend.gap).toBe(0);
    expect(blend.sources[1]?.share).toBeCloseTo(25.9 / 65.9, 12);
    expect(blend.sources[1]?.bears).toEqual(['construction', 'price']);
  });

  it('costs a financing gap at the fallback rate and counts grants at 0', () => {
    const blend = blendedCostOfCapital(
      {
        id: 'x',
        capex: 100,
        financing: [
          { source: 'state', kind: 'grant', amount: 20 },
          { source: 'bank', kind: 'loan', amount: 50, rate: 0.04 },
        ],
      },
      0.1,
    );
    expect(blend.rate).toBeCloseTo((20 * 0 + 50 * 0.04 + 30 * 0.1) / 100, 12); // 0.05
    expect(blend.issues.map((i) => i.code)).toEqual(['FINANCE_GAP']);
  });

  it('rejects rates outside 0–50 % and a capex schedule that does not sum to 1', () => {
    const bad = {
      id: 'x',
      capex: 100,
      financing: [{ source: 'loan shark', kind: 'loan' as const, amount: 100, rate: 0.8 }],
    };
    expect(checkFinancing(bad).map((i) => i.code)).toEqual(['FINANCE_RATE_OUT_OF_BOUNDS']);
    expect(() => blendedCostOfCapital(bad, 0.06)).toThrow(
      expect.objectContaining({ code: 'FINANCE_RATE_OUT_OF_BOUNDS' }),
    );
    expect(checkFinancing({ id: 'x', financing: [], capexSchedule: [0.5, 0.4] }).map((i) => i.code)).toEqual([
      'FINANCE_BAD_CAPEX_SCHEDULE',
    ]);
    expect(() => npv(-1.5, [1])).toThrow(expect.objectContaining({ code: 'FINANCE_RATE_OUT_OF_BOUNDS' }));
  });

  it('builds yearly flows from prices and capacity: capex at 0, output from year 1 + build time', () => {
    // margin (1000 − 200) per t × 100 t − opex 10,000 = 70,000 a year at years 2, 3, 4 (build 1 y)
    const model = mineModel({});
    const project = model.projects[0];
    if (!project) throw new Error('no project');
    const flows = projectCashFlows(model, project);
    expect(flows).toMatchObject({ volume: 100, margin: 800, online: 1, basis: 'capacity' });
    expect(flows.flows).toEqual([
      { year: 0, amount: -100_000 },
      { year: 2, amount: 70_000 },
      { year: 3, amount: 70_000 },
      { year: 4, amount: 70_000 },
    ]);
    // No financing: the discount rate 10 % → -100,000 + 70,000 (1.1⁻² + 1.1⁻³ + 1.1⁻⁴) = 58,254.22
    const appraisal = appraiseProject(model, project, { priceFactors: [0.9, 1], delays: [0, 12] });
    expect(appraisal.costOfCapital.rate).toBe(0.1);
    expect(appraisal.npv).toBeCloseTo(58254.22, 2);
    expect(appraisal.payback).toBeCloseTo(2 + 30_000 / 70_000, 12); // -100k; -30k after year 2; year 3 brings 70k, 30/70 of it pays back
    // price × 0.9: margin 700 → 60,000 a year → -100,000 + 60,000 × 2.2607745 = 35,646.47
    expect(appraisal.sensitivity.price[0]?.npv).toBeCloseTo(35646.47, 2);
    // 12 months late: flows at 3, 4, 5 → -100,000 + 70,000 × (1.1⁻³ + 1.1⁻⁴ + 1.1⁻⁵) = 43,867.47
    expect(appraisal.sensitivity.delay[1]?.npv).toBeCloseTo(43867.47, 2);
    expect(appraisal.sensitivity.delay[0]?.npv).toBeCloseTo(appraisal.npv, 9);
  });

  it('spreads capex by its schedule, and a price floor holds up revenue when prices fall', () => {
    const model = mineModel({
      capexSchedule: [0.5, 0.5],
      financing: [
        { source: 'floor', kind: 'price-floor', amount: 0, material: 'ox', floorPrice: 950 },
        { source: 'sponsor', kind: 'equity', amount: 100_000, rate: 0.1 },
      ],
    });
    const project = model.projects[0];
    if (!project) throw new Error('no project');
    expect(projectCashFlows(model, project).flows.slice(0, 2)).toEqual([
      { year: 0, amount: -50_000 },
      { year: 1, amount: -50_000 },
    ]);
    // price × 0.9 = 900 < floor 950 → margin 750 → 75,000 − 10,000 = 65,000
    expect(projectCashFlows(model, project, { priceFactor: 0.9 }).flows[1 + 1]).toEqual({
      year: 2,
      amount: 65_000,
    });
  });
});
