// What-if metrics re-plan tiny models with HiGHS; optima worked out in the comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { applyScenario, type Model } from '../../src/model/index.js';
import {
  createRiskNetwork,
  diversificationCost,
  exposure,
  fromPlanResult,
  timeToDiversify,
  traceOrigins,
  vulnerability,
} from '../../src/risk/index.js';
import { mine, solveChecked, tinyModel } from '../plan/helpers.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

/** Japan needs 50 t of Nd oxide a year; China mines at 10 USD/t, Australia at 30 (capacity `au`). */
const twoSources = (au: number, extra: Record<string, unknown> = {}) =>
  tinyModel({
    facilities: [
      mine('cn', 'CN', 1000, 10),
      mine('au', 'AU', au, 30),
      { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
    ],
    routes: [
      { from: 'cn', to: 'jp' },
      { from: 'au', to: 'jp' },
    ],
    demands: [{ node: 'jp', material: 'ox', quantity: 50, unmetCost: 1000 }],
    ...extra,
  });

describe('flows view of a plan', () => {
  it('traces the plan’s own flows', async () => {
    // The cheapest plan takes all 50 t from China: exposure of Japan to China = 100%.
    const model = twoSources(1000);
    const result = await solveChecked(model, solver);
    const network = createRiskNetwork(model);
    const view = fromPlanResult(result, network);
    expect(view.supplyCost).toBeCloseTo(500, 6);
    const rows = exposure(traceOrigins(view, network), network, {
      consumer: { jurisdiction: 'JP' },
      elements: ['Nd'],
      through: ['CN'],
    }).values;
    expect(rows.find((r) => r.stage === 'any')?.value).toBeCloseTo(1, 9);
  });
});

describe('vulnerability', () => {
  it('reports the cost of a ban that other sources can absorb', async () => {
    // Ban on China's Nd exports: 50 t from Australia at 30 → 1,500 vs 500: +1,000, no shortfall.
    const rows = (await vulnerability(twoSources(1000), { solver, jurisdiction: 'CN', elements: ['Nd'] }))
      .values;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ demand: '(all)', element: 'Nd', value: 0 });
    expect(rows[0]?.costIncrease).toBeCloseTo(1000, 6);
  });

  it('reports the shortfall when they cannot', async () => {
    // Australia can give 30 t: 20 t of Nd short for Japan; supply cost 30 × 30 − 500 = +400;
    // total cost adds 20 × 1,000 of unmet demand: +20,400.
    const rows = (await vulnerability(twoSources(30), { solver, jurisdiction: 'CN', elements: ['Nd'] }))
      .values;
    expect(rows[0]).toMatchObject({ demand: 'jp:ox', element: 'Nd', shortBefore: 0 });
    expect(rows[0]?.value).toBeCloseTo(20, 6);
    expect(rows[0]?.costIncrease).toBeCloseTo(400, 6);
    expect(rows[0]?.totalCostIncrease).toBeCloseTo(20_400, 6);
  });

  it('changes nothing when the banned jurisdiction ships nothing, and says so', async () => {
    const metric = await vulnerability(twoSources(1000), { solver, jurisdiction: 'US', elements: ['Nd'] });
    const rows = metric.values;
    expect(rows[0]?.value).toBe(0);
    expect(rows[0]?.costIncrease).toBeCloseTo(0, 6);
    // Without the note, a table of zeros reads as "no risk" when nothing was restricted at all.
    expect(metric.notes).toEqual([expect.stringContaining('restricting Nd from US changes nothing')]);
  });
});

describe('cost of diversification', () => {
  it('prices a tightening share cap and finds where it becomes infeasible', async () => {
    // Australia's capacity 40. Cap 100%: 500. Cap 50%: 25 × 10 + 25 × 30 = 1,000 (+500).
    // Cap 0%: 40 from Australia, 10 short → infeasible without projects (supply cost 1,200: +700).
    const rows = (
      await diversificationCost(twoSources(40), {
        solver,
        consumer: { jurisdiction: 'JP' },
        through: 'CN',
        elements: ['Nd'],
        steps: [1, 0.5, 0],
      })
    ).values;
    expect(rows.map((r) => r.feasible)).toEqual([true, true, false]);
    expect(rows[0]?.supplyCost).toBeCloseTo(500, 6);
    expect(rows[1]?.value).toBeCloseTo(500, 6);
    expect(rows[2]?.shortfall).toBeCloseTo(10, 6);
    expect(rows[2]?.value).toBeCloseTo(700, 6);
  });

  it('says where the cap does not bind, so a flat curve is read right', async () => {
    // Australia can take everything (capacity 100) but costs more: at 100% nothing binds; at 90%
    // and 50% the cap binds (China is the cheaper source it would use more of).
    const loose = await diversificationCost(twoSources(100), {
      solver,
      consumer: { jurisdiction: 'JP' },
      through: 'CN',
      elements: ['Nd'],
      steps: [1, 0.9, 0.5],
    });
    expect(loose.values.map((r) => r.binds)).toEqual([false, true, true]);
    expect(loose.notes ?? []).toEqual([]);
    // A cap on a jurisdiction the consumer does not buy from directly never binds.
    const never = await diversificationCost(twoSources(100), {
      solver,
      consumer: { jurisdiction: 'JP' },
      through: 'US',
      elements: ['Nd'],
      steps: [1, 0.5],
    });
    expect(never.values.map((r) => r.binds)).toEqual([false, false]);
    expect(never.notes).toEqual([expect.stringContaining('the cap does not bind at 50%')]);
  });
});

/**
 * A share to 1e-4: time to diversify plans for least dependence and then least cost within 1e-6 of
 * it, relative (the tie-break), so a share the hand calculation puts at 0 may come out at 2e-6.
 */
const roundShare = (share: number): number => Math.round(share * 1e4) / 1e4;

/** Quarterly twoSources with Australia (capacity 100) out from `start` to `end`. */
function australiaOut(start: string, end: string): Model {
  const applied = applyScenario(
    twoSources(100, {
      horizon: { start: '2026-01', periods: 4, step: 'quarter' },
      scenarios: [{ id: 'au-out', outages: [{ facility: 'au', start, end, availability: 0 }] }],
    }),
    'au-out',
  );
  return applied.model as Model;
}

/** Japan's Nd dependence on China against a 50% target. */
const japanOnChina = () => ({
  solver,
  consumer: { jurisdiction: 'JP' },
  through: 'CN',
  elements: ['Nd'],
  target: 0.5,
});

describe('time to diversify', () => {
  it('finds the first period a project brings dependence under the target', async () => {
    // Quarterly horizon. Australia has no capacity until a 100 t/yr expansion with a 180-day build
    // comes online: ceil(180 / (30.44 × 3)) = ceil(1.97) = 2 quarters → online in period 2 (2026-07),
    // with 25 t a quarter ≥ the 12.5 t Japan needs. With every project built and dependence on China
    // minimised: 100% in periods 0 and 1, 0% from period 2.
    const model = twoSources(0, {
      horizon: { start: '2026-01', periods: 4, step: 'quarter' },
      projects: [
        {
          id: 'au-expansion',
          facility: 'au',
          expands: { process: 'mine', capacity: 100 },
          capex: 1000,
          buildTime: '180d',
          lifetimeYears: 10,
        },
      ],
    });
    const rows = (
      await timeToDiversify(model, {
        solver,
        consumer: { jurisdiction: 'JP' },
        through: 'CN',
        elements: ['Nd'],
        target: 0.5,
      })
    ).values;
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.period, roundShare(r.dependence)])).toEqual([
      ['2026-01', 1],
      ['2026-04', 1],
      ['2026-07', 0],
      ['2026-10', 0],
    ]);
    expect(rows.every((r) => r.value === 2)).toBe(true);
  });

  it('counts from the period dependence stays under the target, not a dip before it (D3)', async () => {
    // Quarterly; Australia can serve Japan's 12.5 t a quarter but is out in quarters 1 and 2. With
    // dependence on China minimised: 0% in quarter 0 (all from Australia), 100% in 1 and 2, 0% in 3.
    // The dip in quarter 0 does not last, so the answer is quarter 3, not 0.
    const rows = (await timeToDiversify(australiaOut('2026-04', '2026-09'), japanOnChina())).values;
    expect(rows.map((r) => [r.period, roundShare(r.dependence)])).toEqual([
      ['2026-01', 0],
      ['2026-04', 1],
      ['2026-07', 1],
      ['2026-10', 0],
    ]);
    expect(rows.every((r) => r.value === 3)).toBe(true);
  });

  it('says when dependence is not under the target at the end of the horizon', async () => {
    // Australia is out from quarter 2 on: 0%, 0%, 100%, 100% — never under 50% to the end.
    const metric = await timeToDiversify(australiaOut('2026-07', '2026-12'), japanOnChina());
    expect(metric.values.map((r) => roundShare(r.dependence))).toEqual([0, 0, 1, 1]);
    expect(metric.values.every((r) => r.value === -1)).toBe(true);
    expect(metric.notes).toEqual([
      expect.stringContaining('Nd: dependence on CN is not below 50% for good by 2026-10'),
    ]);
    expect(metric.notes?.[0]).toContain('not reached within the horizon');
  });
});
