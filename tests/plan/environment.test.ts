// Environmental indicators of a tiny plan, computed by hand, and what the emissions objective
// changes against the least-cost plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlanSummary } from '../../src/cli/plan.js';
import { loadModel } from '../../src/model/index.js';
import { compareWithLeastCost, plan, verifyPlan, type PlanResult } from '../../src/plan/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { mine, solveChecked, tinyModel } from './helpers.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

// A dirty Chinese mine (cheap, 60 t/yr) and a clean Australian one, shipping by sea to Japan.
// Sea routes without their own emissions get distance × 0.010 kg CO2e/t-km: 2,000 km → 0.02 t/t,
// 5,000 km → 0.05 t/t.
const model = tinyModel({
  facilities: [
    mine('dirty', 'CN', 60, 10, 'ox', { energy: 2, emissions: 3, water: 10, residue: 0.5 }),
    mine('clean', 'AU', 1000, 20, 'ox', { energy: 1, emissions: 1, water: 4 }),
    { id: 'user', jurisdiction: 'JP', kind: 'consumer' },
  ],
  routes: [
    { from: 'dirty', to: 'user', mode: 'sea', distanceKm: 2000 },
    { from: 'clean', to: 'user', mode: 'sea', distanceKm: 5000 },
  ],
  demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 1000 }],
});

describe('plan environment', () => {
  let costPlan: PlanResult;
  let emissionsPlan: PlanResult;
  beforeAll(async () => {
    costPlan = await solveChecked(model, solver);
    emissionsPlan = await solveChecked(model, solver, { objective: { kind: 'emissions' } });
  });

  it('adds up energy, emissions, water and residue by country and stage from the activity levels', () => {
    // Least cost: dirty runs at its 60 t, clean makes the other 40 t.
    // CN mining: energy 60·2 = 120, emissions 60·3 = 180, water 60·10 = 600, residue 60·0.5 = 30;
    // CN transport 60·0.02 = 1.2 tCO2e. AU mining: 40, 40, 160, 0; AU transport 40·0.05 = 2.
    const { total, byCountry, byStage } = costPlan.environment;
    expect(total.energy).toBeCloseTo(160, 6);
    expect(total.emissions).toBeCloseTo(223.2, 6);
    expect(total.water).toBeCloseTo(760, 6);
    expect(total.residue).toBeCloseTo(30, 6);
    expect(costPlan.emissions).toBeCloseTo(223.2, 6);
    expect(byCountry.map((r) => r.country)).toEqual(['CN', 'AU']);
    expect(byCountry[0]).toMatchObject({ energy: 120, water: 600, residue: 30 });
    expect(byCountry[0]?.emissions).toBeCloseTo(181.2, 6);
    expect(byCountry[1]).toMatchObject({ energy: 40, water: 160, residue: 0 });
    expect(byCountry[1]?.emissions).toBeCloseTo(42, 6);
    expect(byStage.map((r) => r.stage)).toEqual(['mining', 'transport']);
    expect(byStage[0]).toMatchObject({ energy: 160, emissions: 220, water: 760, residue: 30 });
    expect(byStage[1]?.emissions).toBeCloseTo(3.2, 6);
  });

  it('the emissions objective moves all output to the clean mine; the comparison prices the abatement', () => {
    // Per t delivered: dirty 3 + 0.02 = 3.02 tCO2e, clean 1 + 0.05 = 1.05. All 100 t from clean:
    // 105 tCO2e, cost 2,000 against 60·10 + 40·20 = 1,400. Avoided 223.2 − 105 = 118.2 tCO2e for
    // 600 USD: 5.076 USD per tCO2e.
    // (Three decimals: a cost tie-break may leave the plan within a relative 1e-6 of the optimum.)
    expect(emissionsPlan.environment.total.emissions).toBeCloseTo(105, 3);
    const comparison = compareWithLeastCost(model, costPlan, emissionsPlan);
    expect(comparison.emissionsAvoided).toBeCloseTo(118.2, 3);
    expect(comparison.extraCost).toBeCloseTo(600, 2);
    expect(comparison.costPerTonneAvoided).toBeCloseTo(600 / 118.2, 3);
    expect(Object.keys(comparison.costChange)).toEqual(['operating']);
    const shifts = comparison.shifts.map((s) => [s.process, s.leastCost, s.planned, s.emissionsChange]);
    expect(shifts.map(([process]) => process)).toEqual(['dirty/mine', 'clean/mine']);
    const expected = [
      [60, 0, -180],
      [40, 100, 60],
    ];
    shifts.forEach(([, ...numbers], i) =>
      numbers.forEach((n, k) => expect(n).toBeCloseTo(expected[i]?.[k] ?? NaN, 2)),
    );
    const summary = renderPlanSummary({ ...emissionsPlan, leastCost: comparison });
    expect(summary).toContain('Environment by country');
    expect(summary).toContain('Environment by stage');
    expect(summary).toContain('Avoids 118 tCO2e for 600 USD more (5.1 USD per tCO2e avoided).');
  });
});

describe.each(['data/world', 'data/two-base'])('%s environment', (path) => {
  it('reports non-zero energy, emissions, water and residue; --objective emissions changes the plan', async () => {
    const { model } = await loadModel(path);
    if (!model) throw new Error(`${path} did not load`);
    const costPlan = await plan(model, { solver });
    const emissionsPlan = await plan(model, { solver, objective: { kind: 'emissions' } });
    expect([costPlan.status, emissionsPlan.status]).toEqual(['optimal', 'optimal']);
    // The indicators add up from the activity, the shipments and the model's factors (verifyPlan).
    for (const result of [costPlan, emissionsPlan])
      expect(verifyPlan(model, result).filter((v) => v.code === 'ENVIRONMENT')).toEqual([]);
    const { total, byStage } = costPlan.environment;
    for (const indicator of ['energy', 'emissions', 'water', 'residue'] as const)
      expect(total[indicator]).toBeGreaterThan(0);
    expect(total.emissions).toBeCloseTo(costPlan.emissions, 3);
    for (const stage of ['mining', 'separation', 'metal', 'magnet', 'transport'])
      expect(byStage.find((r) => r.stage === stage)?.emissions).toBeGreaterThan(0);
    // The emissions plan emits less, costs more, and moves activity between plants.
    const comparison = compareWithLeastCost(model, costPlan, emissionsPlan);
    expect(comparison.emissionsAvoided).toBeGreaterThan(0.01 * total.emissions);
    expect(comparison.extraCost).toBeGreaterThan(0);
    expect(comparison.shifts.length).toBeGreaterThan(0);
  });
});
