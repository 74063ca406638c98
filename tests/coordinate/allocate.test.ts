import { afterAll, describe, expect, it } from 'vitest';
import { allocateCapital, parseGoal } from '../../src/coordinate/index.js';
import { modelSchema } from '../../src/model/index.js';
import { createSolver } from '../../src/solver/index.js';
import { mine, tinyModel } from '../plan/helpers.js';

const solver = createSolver('highs');
afterAll(() => solver.dispose());

/**
 * A user needs 100 t/yr of ox; the mine makes 40 at 1 USD/t; a tonne short costs 2,000. Three
 * expansions of the mine, each paid off in its one-year life (discount rate 0, so the capital charge
 * is the capex): A +30 t for 30,000 (bank), B +45 t for 60,000 (bank), C +20 t for 25,000 (fund).
 */
function threeProjects(
  extra: {
    dependsOn?: Record<string, string[]>;
    facilities?: object[];
    routes?: object[];
    projects?: object[];
  } = {},
) {
  const project = (id: string, capacity: number, capex: number, funder: string) => ({
    id,
    facility: 'mine',
    expands: { process: 'mine', capacity },
    capex,
    buildTime: 0,
    lifetimeYears: 1,
    financing: [{ source: funder, kind: funder === 'bank' ? 'loan' : 'fund', amount: capex, rate: 0.05 }],
    ...(extra.dependsOn?.[id] ? { dependsOn: extra.dependsOn[id] } : {}),
  });
  return tinyModel({
    facilities: [
      mine('mine', 'AU', 40, 1),
      { id: 'user', jurisdiction: 'JP', kind: 'consumer' },
      ...(extra.facilities ?? []),
    ],
    routes: [{ from: 'mine', to: 'user' }, ...(extra.routes ?? [])],
    demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 2000 }],
    projects: [
      project('A', 30, 30_000, 'bank'),
      project('B', 45, 60_000, 'bank'),
      project('C', 20, 25_000, 'fund'),
      ...(extra.projects ?? []),
    ],
  });
}

describe('capital allocation with the planner MIP', () => {
  it('parses goals', () => {
    expect(parseGoal('cost')).toEqual({ kind: 'cost' });
    expect(parseGoal('dependence:CN')).toEqual({ kind: 'dependence', jurisdiction: 'CN' });
    expect(parseGoal('shortfall')).toEqual({ kind: 'shortfall' });
    expect(parseGoal('profit')).toBeUndefined();
  });

  it('least cost under 60,000 a year: A and C, and what each buys', async () => {
    // Portfolios within 60,000 (cost = production + 2,000 × short + capex):
    //   none 40 + 60×2000 = 120,040; {A} 70 + 30×2000 + 30,000 = 90,070; {C} 60 + 80,000 + 25,000 = 105,060;
    //   {B} 85 + 15×2000 + 60,000 = 90,085; {A,C} 90 + 10×2000 + 55,000 = 75,090  ← best.
    // Removing A leaves {C}: 105,060 − 75,090 = 29,970; removing C leaves {A}: 90,070 − 75,090 = 14,980.
    // Adding B: {A,B,C} 100 + 0 + 115,000 = 115,100, i.e. it would make cost 40,010 worse.
    const result = await allocateCapital(threeProjects(), { solver, goal: { kind: 'cost' }, budget: 60_000 });
    expect(result.value).toBeCloseTo(75_090, 4);
    expect(result.baseline).toBeCloseTo(120_040, 4);
    expect(result.chosen.map((c) => [c.project, c.capex, Math.round(c.buys)])).toEqual([
      ['A', 30_000, 29_970],
      ['C', 25_000, 14_980],
    ]);
    expect(result.unfunded.map((u) => [u.project, Math.round(u.wouldBuy)])).toEqual([['B', -40_010]]);
    expect(result.nextBest?.project).toBe('B');
    expect(result.unit).toBe('USD');
  });

  it('least shortfall: A and C leave 10 t short; B would close the gap', async () => {
    // {A,C} adds 50 t (10 short), {B} adds 45 (15 short), {A} 30, {C} 20: {A,C} is best.
    // Without A: 40 short (buys 30 t); without C: 30 short (buys 20 t); adding B: 0 short (would buy 10 t).
    const result = await allocateCapital(threeProjects(), {
      solver,
      goal: { kind: 'shortfall' },
      budget: 60_000,
    });
    expect(result.value).toBeCloseTo(10, 6);
    expect(result.baseline).toBeCloseTo(60, 6);
    expect(result.chosen.map((c) => [c.project, c.buys])).toEqual([
      ['A', expect.closeTo(30, 6)],
      ['C', expect.closeTo(20, 6)],
    ]);
    expect(result.unfunded).toEqual([
      // B alone adds 45 t: 60 − 15 short = 45 t bought.
      {
        project: 'B',
        status: 'proposed',
        capex: 60_000,
        wouldBuy: expect.closeTo(10, 6),
        alone: expect.closeTo(45, 6),
        // Standalone: −60,000 capex, then 45 t at a margin of −1 USD/t a year later, at the loan's 5 %.
        npv: expect.closeTo(-60_000 - 45 / 1.05, 6),
      },
    ]);
  });

  it('says what each project buys alone, so complements show: a mine expansion and the route it needs', async () => {
    // The mine makes 40 t/yr at 1 USD/t; the route to the user carries 50; 100 t are needed, 2,000 a tonne short.
    // M: mine +30 t for 10,000; R: route +30 t for 5,000; the budget (12,000) cannot start both.
    //   none: 40 + 60×2000 = 120,040; {M}: 50 + 50×2000 + 10,000 = 110,050 (buys 9,990, alone too);
    //   {R}: 40 + 120,000 + 5,000 = 125,040, so R alone makes cost 5,000 worse;
    //   {M,R}: 70 + 30×2000 + 15,000 = 75,070, so on top of M, R would buy 110,050 − 75,070 = 34,980.
    const model = tinyModel({
      name: 'complements',
      facilities: [mine('mine', 'AU', 40, 1), { id: 'user', jurisdiction: 'JP', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user', capacity: 50 }],
      demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 2000 }],
      projects: [
        {
          id: 'M',
          name: 'Mine expansion',
          facility: 'mine',
          expands: { process: 'mine', capacity: 30 },
          capex: 10_000,
          buildTime: 0,
          lifetimeYears: 1,
          status: 'construction',
        },
        {
          id: 'R',
          name: 'Route upgrade',
          facility: 'mine',
          route: { id: 'mine->user', capacity: 30 },
          capex: 5_000,
          buildTime: 0,
          lifetimeYears: 1,
        },
      ],
    });
    const result = await allocateCapital(model, { solver, goal: { kind: 'cost' }, budget: 12_000 });
    expect(result.chosen).toEqual([
      {
        project: 'M',
        name: 'Mine expansion',
        status: 'construction',
        capex: 10_000,
        buys: expect.closeTo(9_990, 4),
        alone: expect.closeTo(9_990, 4),
        // Standalone at the discount rate 0: −10,000 capex, then 30 t at a margin of −1 USD/t (ox has no price).
        npv: -10_030,
      },
    ]);
    expect(result.unfunded).toEqual([
      {
        project: 'R',
        name: 'Route upgrade',
        status: 'proposed',
        capex: 5_000,
        wouldBuy: expect.closeTo(34_980, 4),
        alone: expect.closeTo(-5_000, 4),
        npv: -5_000,
      },
    ]);
    expect(result.explanations).toEqual([
      'Route upgrade (R) is not funded though it would buy the most: with it the capex started in one year would exceed the budget of USD 0.01M a year, and alone, instead of the funded projects, it would not pay.',
      'Route upgrade (R) complements the funded projects: on top of them it would buy USD 0.03M, alone USD -0.01M.',
      "Mine expansion (M) has a standalone NPV of USD -0.01M, yet funded, it does save the plan USD 0.01M: its NPV values its own output at the model's prices; the plan counts what it changes for the whole system.",
      "Route upgrade (R) has a standalone NPV of USD -0.01M, yet on top of the funded projects it would save the plan USD 0.03M: its NPV values its own output at the model's prices; the plan counts what it changes for the whole system.",
    ]);
    expect(result.currency).toBe('USD');
    expect(result.horizons).toEqual([{ start: '2026-01', periods: 1, step: 'year' }]);
  });

  it('a funder budget changes the portfolio', async () => {
    // With 200,000 a year, no shortfall is possible; the cheapest such portfolio is {B,C} (85,000 capex,
    // cost 85,100) before {A,B} (90,100). With the bank held to 40,000 a year, B is out: {A,C}, 10 t short.
    const free = await allocateCapital(threeProjects(), {
      solver,
      goal: { kind: 'shortfall' },
      budget: 200_000,
    });
    expect(free.chosen.map((c) => c.project)).toEqual(['B', 'C']);
    expect(free.value).toBeCloseTo(0, 6);
    const held = await allocateCapital(threeProjects(), {
      solver,
      goal: { kind: 'shortfall' },
      budget: 200_000,
      funderBudgets: { bank: 40_000 },
    });
    expect(held.chosen.map((c) => c.project)).toEqual(['A', 'C']);
    expect(held.value).toBeCloseTo(10, 6);
  });

  it('enforces dependencies: C needs B, so the best within 60,000 is B alone', async () => {
    // {A,C} is no longer allowed; {B} leaves 15 short, {A} 30: B. Adding A or C (with B) closes the gap (15 t each).
    const result = await allocateCapital(threeProjects({ dependsOn: { C: ['B'] } }), {
      solver,
      goal: { kind: 'shortfall' },
      budget: 60_000,
    });
    expect(result.chosen.map((c) => [c.project, c.buys])).toEqual([['B', expect.closeTo(45, 6)]]);
    expect(result.value).toBeCloseTo(15, 6);
    expect(result.unfunded.map((u) => [u.project, u.wouldBuy])).toEqual([
      ['A', expect.closeTo(15, 6)],
      ['C', expect.closeTo(15, 6)],
    ]);
  });

  it('funds nothing that buys nothing: least dependence on CN, where several portfolios tie', async () => {
    // JP needs 100 t; AU mine 40 t; CN mine 200 t. Dependence on CN = t shipped out of CN (no capex in it).
    // A/B/C expand the AU mine as above; D expands the CN mine (+50 t, 10,000), which cannot lower it.
    // With 1,000,000 a year every portfolio fits: {A,B,C} and {A,B} (75 t) and {B,C} (65 t) all bring
    // CN's share to 0 (AU 105–135 ≥ 100); D never helps. Whatever the MIP returns among equals, no
    // funded project may buy 0: the result is {A,B} or {B,C} (each project then buys 15 t or more).
    const d = {
      id: 'D',
      facility: 'cn-mine',
      expands: { process: 'mine', capacity: 50 },
      capex: 10_000,
      buildTime: 0,
      lifetimeYears: 1,
    };
    const model = threeProjects({
      facilities: [mine('cn-mine', 'CN', 200, 1)],
      routes: [{ from: 'cn-mine', to: 'user' }],
      projects: [d],
    });
    const result = await allocateCapital(model, {
      solver,
      goal: { kind: 'dependence', jurisdiction: 'CN' },
      budget: 1_000_000,
    });
    // Dependence plans break ties by cost within 1e-6 of the least dependence (60 × 1e-6 = 6e-5 t).
    expect(result.value).toBeCloseTo(0, 3);
    expect(result.baseline).toBeCloseTo(60, 3);
    expect([
      ['A', 'B'],
      ['B', 'C'],
    ]).toContainEqual(result.chosen.map((c) => c.project));
    for (const c of result.chosen) expect(c.buys).toBeGreaterThanOrEqual(15 - 1e-6);
    expect(result.unfunded.find((u) => u.project === 'D')?.wouldBuy).toBeCloseTo(0, 6);
  });

  it('leaves committed projects out of the budget: they are already funded', async () => {
    // E (committed) adds 10 t to the mine for 100,000, more than the 60,000 a year on its own.
    // Under 60,000 for A/B/C: {A,C} 100 t, 0 short: 100 + 55,000 + 100,000 = 155,100 (best);
    // {A} 20 short 170,080; {B} 5 short 170,095; {C} 185,070; none 50 t, 50 short: 200,050.
    const e = {
      id: 'E',
      facility: 'mine',
      expands: { process: 'mine', capacity: 10 },
      capex: 100_000,
      buildTime: 0,
      lifetimeYears: 1,
      decision: 'committed',
    };
    const result = await allocateCapital(threeProjects({ projects: [e] }), {
      solver,
      goal: { kind: 'cost' },
      budget: 60_000,
    });
    expect(result.chosen.map((c) => c.project)).toEqual(['A', 'C']);
    expect(result.value).toBeCloseTo(155_100, 4);
    expect(result.baseline).toBeCloseTo(200_050, 4);
    // E's standalone NPV at the discount rate 0 (no financing): −100,000 capex, then 10 t at a margin of −1 USD/t.
    expect(result.fixed).toEqual([
      { project: 'E', status: 'proposed', npv: -100_010, decision: 'committed' },
    ]);
  });

  it("says which projects cannot be online inside the horizon the plans run over, a scenario's included", async () => {
    // F takes 400 days: online in period 2, outside the one-year horizon, inside a three-year one.
    const f = {
      id: 'F',
      name: 'Far mine',
      facility: 'mine',
      expands: { process: 'mine', capacity: 30 },
      capex: 1_000,
      buildTime: 400,
      lifetimeYears: 1,
    };
    const scenarios = [{ id: 'three-years', name: 'Three years', set: { 'horizon.periods': 3 } }];
    const model = {
      ...threeProjects({ projects: [f] }),
      scenarios: modelSchema.shape.scenarios.parse(scenarios),
    };
    const short = await allocateCapital(model, { solver, goal: { kind: 'cost' }, budget: 60_000 });
    expect(short.notes.filter((n) => n.includes('cannot be online'))).toEqual([
      expect.stringMatching(/^Far mine \(F\) cannot be online inside the horizon \(1 years\)/),
    ]);
    const long = await allocateCapital(model, {
      solver,
      goal: { kind: 'cost' },
      budget: 60_000,
      scenarios: ['three-years'],
    });
    expect(long.notes.filter((n) => n.includes('cannot be online'))).toEqual([]);
    expect(long.chosen.map((c) => c.project)).toContain('F');
  });

  it('rejects negative budgets, unknown goals and funders, and dependency cycles with codes', async () => {
    await expect(
      allocateCapital(threeProjects(), { solver, goal: { kind: 'cost' }, budget: -1 }),
    ).rejects.toMatchObject({ code: 'ALLOCATE_NEGATIVE_BUDGET' });
    await expect(
      allocateCapital(threeProjects(), { solver, goal: { kind: 'cost' }, funderBudgets: { bank: -5 } }),
    ).rejects.toMatchObject({ code: 'ALLOCATE_NEGATIVE_BUDGET' });
    await expect(
      allocateCapital(threeProjects(), { solver, goal: { kind: 'cost' }, funderBudgets: { nobody: 5 } }),
    ).rejects.toMatchObject({ code: 'ALLOCATE_BAD_GOAL' });
    await expect(
      allocateCapital(threeProjects(), { solver, goal: { kind: 'dependence', jurisdiction: 'XX' } }),
    ).rejects.toMatchObject({ code: 'ALLOCATE_BAD_GOAL' });
    await expect(
      allocateCapital(threeProjects({ dependsOn: { A: ['C'], C: ['A'] } }), {
        solver,
        goal: { kind: 'cost' },
      }),
    ).rejects.toMatchObject({ code: 'PROJECT_DEPENDENCY_CYCLE' });
  });
});
