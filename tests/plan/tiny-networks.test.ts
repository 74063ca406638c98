// Tiny networks with hand-computed optima; the working is in each test's comment. Every plan also
// passes the independent invariants (verifyPlan) inside solveChecked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { mine, solveChecked, tinyModel, totalFlow } from './helpers.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

const laCe = (sinks: unknown[]) =>
  tinyModel({
    distributions: { d: { La: 50, Nd: 50 } },
    materials: [
      { id: 'conc', kind: 'concentrate', reo: 0.5, distribution: 'd' },
      { id: 'Nd-oxide', kind: 'oxide', elements: { Nd: 1 } },
      { id: 'La-oxide', kind: 'oxide', elements: { La: 1 } },
    ],
    facilities: [
      mine('mine', 'CN', 1000, 10, 'conc'),
      {
        id: 'sep',
        jurisdiction: 'CN',
        processes: [
          {
            id: 'sep',
            stage: 'separation',
            separation: { feed: 'conc', recovery: 1, products: { 'Nd-oxide': ['Nd'], 'La-oxide': ['La'] } },
            capacity: 1000,
            cost: 20,
          },
        ],
      },
      { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
    ],
    routes: [
      { from: 'mine', to: 'sep', cost: 5 },
      { from: 'sep', to: 'user', cost: 1 },
    ],
    demands: [{ node: 'user', material: 'Nd-oxide', quantity: 100, unmetCost: 10000 }],
    sinks,
  });

describe('tiny networks with hand-computed optima', () => {
  it('La/Ce balance: producing Nd forces La to a sink', async () => {
    // 100 t Nd oxide needs 100 / (0.5 × 0.5) = 400 t concentrate, which also yields 100 t La oxide.
    // Cost: mining 400×10 + separation 400×20 + transport 400×5 + 100×1 + disposal 100×3 = 14,400.
    const result = await solveChecked(
      laCe([{ material: 'La-oxide', kind: 'dispose', cost: 3, node: 'sep' }]),
      solver,
    );
    expect(result.status).toBe('optimal');
    expect(result.objective.value).toBeCloseTo(14_400, 4);
    expect(result.sinks).toEqual([
      expect.objectContaining({ material: 'La-oxide', kind: 'dispose', tonnes: expect.closeTo(100, 6) }),
    ]);
    expect(result.costs.disposal).toBeCloseTo(300, 6);
  });

  it('La/Ce balance: a limited market takes part of the surplus, the rest is disposed', async () => {
    // Sell 60 t at 2 (−120), dispose 40 t at 3 (+120): 12,000 + 2,100 − 120 + 120 = 14,100.
    const result = await solveChecked(
      laCe([
        { material: 'La-oxide', kind: 'sell', price: 2, limit: 60, node: 'sep' },
        { material: 'La-oxide', kind: 'dispose', cost: 3, node: 'sep' },
      ]),
      solver,
    );
    expect(result.objective.value).toBeCloseTo(14_100, 4);
    expect(result.costs.sales).toBeCloseTo(-120, 6);
    expect(result.binding.map((b) => b.id)).toContain('sell:La-oxide@sep');
  });

  it('a binding quota leaves demand short and is worth the value of unmet demand less the cost', async () => {
    // Quota 300 t REO < demand 400 t: serve 300 at 10, 100 short at 1,000 → 3,000 + 100,000 = 103,000.
    // One more tonne of quota saves 1,000 − 10 = 990.
    const model = tinyModel({
      facilities: [mine('mine', 'CN', 1000, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'ox', quantity: 400, unmetCost: 1000 }],
      policies: [
        { id: 'cn-quota', kind: 'quota', scope: { jurisdiction: 'CN', stage: 'mining' }, limit: 300 },
      ],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(103_000, 4);
    expect(result.shortfall[0]?.tonnes).toBeCloseTo(100, 6);
    const quota = result.binding.find((b) => b.kind === 'quota');
    expect(quota?.value).toBeCloseTo(990, 4);
    expect(result.diagnosis.join('\n')).toMatch(/quota cn-quota binds/);
  });

  const dyTrade = (policies: unknown[]) =>
    tinyModel({
      facilities: [
        mine('cn-mine', 'CN', 1000, 10, 'dy'),
        mine('us-mine', 'US', 1000, 50, 'dy'),
        { id: 'jp-user', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [
        { from: 'cn-mine', to: 'jp-user', cost: 5 },
        { from: 'us-mine', to: 'jp-user', cost: 5 },
      ],
      demands: [{ node: 'jp-user', material: 'dy', quantity: 100, unmetCost: 10_000 }],
      policies,
    });

  it('an export ban reroutes supply to the dearer source', async () => {
    // Without the ban: 100 × (10 + 5) = 1,500 from China. With it: 100 × (50 + 5) = 5,500 from the US.
    const free = await solveChecked(dyTrade([]), solver);
    expect(free.objective.value).toBeCloseTo(1_500, 4);
    const banned = await solveChecked(
      dyTrade([{ id: 'ban', kind: 'export-control', from: 'CN', elements: ['Dy'], mode: 'ban' }]),
      solver,
    );
    expect(banned.objective.value).toBeCloseTo(5_500, 4);
    expect(totalFlow(banned, (f) => f.from === 'us-mine')).toBeCloseTo(100, 6);
    expect(totalFlow(banned, (f) => f.from === 'cn-mine')).toBe(0);
  });

  it('an export cap lets the capped amount through and the rest comes from elsewhere', async () => {
    // Cap 50 t REO of Dy: 50 × 15 + 50 × 55 = 3,500; one more tonne of cap is worth 55 − 15 = 40.
    const result = await solveChecked(
      dyTrade([{ id: 'cap', kind: 'export-control', from: 'CN', elements: ['Dy'], mode: 'cap', cap: 50 }]),
      solver,
    );
    expect(result.objective.value).toBeCloseTo(3_500, 4);
    expect(result.binding.find((b) => b.id === 'cap')?.value).toBeCloseTo(40, 4);
  });

  it('an export ban with an exempt destination does not bind', async () => {
    const result = await solveChecked(
      dyTrade([
        { id: 'ban', kind: 'export-control', from: 'CN', elements: ['Dy'], mode: 'ban', exempt: ['JP'] },
      ]),
      solver,
    );
    expect(result.objective.value).toBeCloseTo(1_500, 4);
  });

  it('a lead time delays arrivals: the first month goes short', async () => {
    // Monthly periods, lead 31 days = 1 period. Demand 10 t a month for 3 months. Month 1 cannot be
    // served (nothing arrives in time): 10 × 1,000 = 10,000. Months 2–3 are served by shipments made in
    // months 1–2 at 1 t: 20. Shipments in month 3 would arrive after the horizon. Total 10,020.
    const model = tinyModel({
      horizon: { start: '2026-01', periods: 3, step: 'month' },
      facilities: [mine('mine', 'CN', 1200, 1), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user', leadTime: '31d' }],
      demands: [{ node: 'user', material: 'ox', quantity: 120, unmetCost: 1000 }],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(10_020, 4);
    expect(result.demand.map((d) => d.unmet)).toEqual([10, 0, 0]);
    expect(result.flows.map((f) => [f.period, f.arrival])).toEqual([
      ['2026-01', '2026-02'],
      ['2026-02', '2026-03'],
    ]);
  });

  const expansion = (capex: number) =>
    tinyModel({
      facilities: [mine('mine', 'CN', 50, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 1000 }],
      projects: [
        {
          id: 'expand',
          facility: 'mine',
          expands: { process: 'mine', capacity: 50 },
          capex,
          buildTime: 0,
          lifetimeYears: 10,
        },
      ],
    });

  it('a project is built only when it is worth it', async () => {
    // Discount rate 0, 10 years: annuity = capex / 10. Building 50 t saves 50 × (1,000 − 10) = 49,500.
    // capex 100,000 → 10,000/yr < 49,500: build; cost 100 × 10 + 10,000 = 11,000.
    const cheap = await solveChecked(expansion(100_000), solver);
    expect(cheap.projects).toEqual([
      expect.objectContaining({ project: 'expand', built: true, onlinePeriod: '2026-01' }),
    ]);
    expect(cheap.objective.value).toBeCloseTo(11_000, 4);
    // capex 1,000,000 → 100,000/yr > 49,500: not built; cost 50 × 10 + 50 × 1,000 = 50,500.
    const dear = await solveChecked(expansion(1_000_000), solver);
    expect(dear.projects[0]?.built).toBe(false);
    expect(dear.objective.value).toBeCloseTo(50_500, 4);
  });

  it('a new plant built by a project ships its output', async () => {
    // A greenfield mine (no processes until built): 100 t at 5 plus 100,000 / 10 years = 10,000 a year:
    // 100 × 5 + 10,000 = 10,500, less than keeping the old mine (50 × 10 + 50 × 1,000 = 50,500).
    const model = tinyModel({
      facilities: [
        mine('mine', 'CN', 50, 10),
        { id: 'greenfield', jurisdiction: 'AU' },
        { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'mine', to: 'user' },
        { from: 'greenfield', to: 'user' },
      ],
      demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 1000 }],
      projects: [
        {
          id: 'new-mine',
          facility: 'greenfield',
          process: { id: 'mine', stage: 'mining', outputs: { ox: 1 }, capacity: 100, cost: 5 },
          capex: 100_000,
          buildTime: 0,
          lifetimeYears: 10,
        },
      ],
    });
    const result = await solveChecked(model, solver);
    expect(result.projects[0]?.built).toBe(true);
    expect(result.objective.value).toBeCloseTo(10_500, 4);
    expect(totalFlow(result, (f) => f.from === 'greenfield')).toBeCloseTo(100, 6);
  });

  it('a share cap limits the share of supply from one jurisdiction', async () => {
    // Japan needs 100 t; China at 10, Australia at 30. At most 60% from China: 60 × 10 + 40 × 30 = 1,800.
    const model = tinyModel({
      facilities: [
        mine('cn', 'CN', 1000, 10),
        mine('au', 'AU', 1000, 30),
        { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [
        { from: 'cn', to: 'jp' },
        { from: 'au', to: 'jp' },
      ],
      demands: [{ node: 'jp', material: 'ox', quantity: 100, unmetCost: 1000 }],
      policies: [
        {
          id: 'jp-cap',
          kind: 'share-cap',
          consumer: { jurisdiction: 'JP' },
          through: 'CN',
          elements: ['Nd'],
          maxShare: 0.6,
        },
      ],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(1_800, 4);
    expect(totalFlow(result, (f) => f.from === 'cn')).toBeCloseTo(60, 6);
  });

  it('an emission cap shifts output to the cleaner, dearer mine', async () => {
    // d + c = 100, 2d + 0.5c ≤ 110 → d = 40, c = 60: 40 × 10 + 60 × 20 = 1,600.
    // One more tCO2e lets 1/1.5 t move to the dirty mine, saving 10/1.5 = 6.667.
    const model = tinyModel({
      facilities: [
        mine('dirty', 'CN', 1000, 10, 'ox', { emissions: 2 }),
        mine('clean', 'CN', 1000, 20, 'ox', { emissions: 0.5 }),
        { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'dirty', to: 'user' },
        { from: 'clean', to: 'user' },
      ],
      demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 1000 }],
      policies: [{ id: 'cap', kind: 'emission-cap', limit: 110 }],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(1_600, 4);
    expect(result.emissions).toBeCloseTo(110, 6);
    expect(result.binding.find((b) => b.kind === 'emission-cap')?.value).toBeCloseTo(10 / 1.5, 4);
  });

  it('a stockpile is drawn down during an outage, within its release rate', async () => {
    // Two months, demand 20 t a month, mine (100 t a month at 10) out in January. Stockpile of 30 t
    // releases at most 180 t/yr = 15 t a month. January: draw 15, 5 short (5 × 1,000). February:
    // draw the last 15 (free) and mine 5 (50). Total 5,050; the stockpile ends empty.
    const model = tinyModel({
      horizon: { start: '2026-01', periods: 2, step: 'month' },
      facilities: [mine('mine', 'CN', 1200, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'ox', quantity: 240, unmetCost: 1000 }],
      stockpiles: [
        {
          id: 'reserve',
          holder: 'CN',
          node: 'user',
          material: 'ox',
          level: 30,
          release: { coverDays: 30, rate: 180 },
        },
      ],
      outages: [{ facility: 'mine', start: '2026-01', end: '2026-01' }],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(5_050, 4);
    expect(result.stockpiles.map((s) => s.level)).toEqual([expect.closeTo(15, 6), expect.closeTo(0, 6)]);
  });

  it('an objective that does not decide the plan is broken by cost, not left arbitrary (D4)', async () => {
    // Japan needs 100 t. The US mines at 10 USD/t, Australia at 30, a second US mine at 50; an
    // optional US expansion costs 1,000 of capex. No flow touches China, so dependence on CN is 0
    // for every plan. Cost breaks the tie: 100 t from the 10 USD mine, nothing built = 1,000.
    const model = tinyModel({
      facilities: [
        mine('us-dear', 'US', 1000, 50),
        mine('au', 'AU', 1000, 30),
        mine('us', 'US', 1000, 10),
        { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [
        { from: 'us-dear', to: 'jp' },
        { from: 'au', to: 'jp' },
        { from: 'us', to: 'jp' },
      ],
      demands: [{ node: 'jp', material: 'ox', quantity: 100, unmetCost: 1000 }],
      projects: [
        {
          id: 'us-more',
          facility: 'us-dear',
          expands: { process: 'mine', capacity: 500 },
          capex: 1000,
          buildTime: '30d',
          lifetimeYears: 10,
        },
      ],
    });
    const cheapest = await solveChecked(model, solver);
    expect(cheapest.costs.total).toBeCloseTo(1_000, 6);
    for (const objective of [{ kind: 'dependence', jurisdiction: 'CN' }, { kind: 'emissions' }] as const) {
      const result = await solveChecked(model, solver, { objective });
      expect(result.objective.value).toBeCloseTo(0, 9);
      expect(result.objective.tieBreak).toEqual({ kind: 'cost', tolerance: 1e-6 });
      expect(result.costs.total).toBeCloseTo(1_000, 4);
      expect(result.projects.every((p) => !p.built)).toBe(true);
    }
  });

  it('an outage without an end lasts to the end of the horizon, as in the simulation', async () => {
    // Three months, 20 t a month needed, the mine (100 t a month at 10) out from February with no
    // end: January mines 20 (200), February and March are short 20 each (2 × 20 × 1,000) = 40,200.
    const model = tinyModel({
      horizon: { start: '2026-01', periods: 3, step: 'month' },
      facilities: [mine('mine', 'CN', 1200, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'ox', quantity: 240, unmetCost: 1000 }],
      outages: [{ facility: 'mine', start: '2026-02' }],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(40_200, 4);
  });

  it('unmet demand is priced at its value: short when supply costs more', async () => {
    // Capacity 60 of 100 at 10, unmet at 500: 600 + 40 × 500 = 20,600; capacity worth 500 − 10 = 490.
    const model = (unmetCost: number) =>
      tinyModel({
        facilities: [mine('mine', 'CN', 60, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
        routes: [{ from: 'mine', to: 'user' }],
        demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost }],
      });
    const short = await solveChecked(model(500), solver);
    expect(short.objective.value).toBeCloseTo(20_600, 4);
    expect(short.binding.find((b) => b.kind === 'capacity')?.value).toBeCloseTo(490, 4);
    // When a tonne short costs 5 but making one costs 10, nothing is made: 100 × 5 = 500.
    const cheap = await solveChecked(model(5), solver);
    expect(cheap.objective.value).toBeCloseTo(500, 4);
    expect(cheap.shortfall[0]?.share).toBeCloseTo(1, 6);
  });

  it('an infeasible-looking model returns its shortfall and the cause', async () => {
    // Nothing makes Dy oxide: the whole 100 t is short at 1,000 → 100,000; the diagnosis names why.
    const model = tinyModel({
      facilities: [mine('mine', 'CN', 1000, 10), { id: 'user', jurisdiction: 'CN', kind: 'consumer' }],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'dy', quantity: 100, unmetCost: 1000 }],
    });
    const result = await solveChecked(model, solver);
    expect(result.status).toBe('optimal');
    expect(result.objective.value).toBeCloseTo(100_000, 4);
    expect(result.diagnosis.join('\n')).toMatch(/no process in the model makes dy/);
  });

  it('a substitute meets demand up to its share at its extra cost', async () => {
    // Dy magnets cost 50, Dy-free 20 + 5 extra; at most 30% substituted: 30 × 25 + 70 × 50 = 4,250.
    const model = tinyModel({
      facilities: [
        mine('hi', 'CN', 1000, 50, 'dy'),
        mine('lo', 'CN', 1000, 20, 'ox'),
        { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'hi', to: 'user' },
        { from: 'lo', to: 'user' },
      ],
      demands: [
        {
          node: 'user',
          material: 'dy',
          quantity: 100,
          unmetCost: 1000,
          substitutes: [{ material: 'ox', cost: 5, maxShare: 0.3 }],
        },
      ],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(4_250, 4);
    expect(result.demand[0]?.substituted).toBeCloseTo(30, 6);
  });

  it('recycling turns scrap into oxide when that is cheaper than mining', async () => {
    // 40 t scrap (at 0.3 t Nd REO-eq per t) available at 1/t, recycled at 20 per t scrap with 90%
    // recovery → 40 × 0.27 = 10.8 t oxide at (1 + 20) × 40 = 840, i.e. 77.8 per t < mining at 100.
    // Demand 20: 10.8 recycled + 9.2 mined: 840 + 920 = 1,760.
    const model = tinyModel({
      materials: [
        { id: 'ox', kind: 'oxide', elements: { Nd: 1 } },
        { id: 'scrap', kind: 'scrap', elements: { Nd: 0.3 } },
      ],
      facilities: [
        mine('mine', 'CN', 1000, 100),
        {
          id: 'recycler',
          jurisdiction: 'CN',
          processes: [
            {
              id: 'collect',
              stage: 'recycling',
              outputs: { scrap: 1 },
              reference: 'scrap',
              capacity: 40,
              cost: 1,
            },
            {
              id: 'recycle',
              stage: 'recycling',
              inputs: { scrap: 1 },
              outputs: { ox: 0.27 },
              reference: 'scrap',
              capacity: 1000,
              cost: 20,
            },
          ],
        },
        { id: 'user', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'mine', to: 'user' },
        { from: 'recycler', to: 'user' },
      ],
      demands: [{ node: 'user', material: 'ox', quantity: 20, unmetCost: 1000 }],
    });
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(1_760, 4);
    expect(totalFlow(result, (f) => f.from === 'recycler')).toBeCloseTo(10.8, 6);
  });
});
