// Allies as actors in the planner: a pooled stockpile released only to its bloc's members, and an
// offtake share reserved for a bloc. Hand-computed optima; every plan passes verifyPlan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModel } from '../../src/model/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { mine, solveChecked, tinyModel, totalFlow } from './helpers.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

const jurisdictions = [
  { id: 'CN', name: 'China' },
  { id: 'US', name: 'United States', blocs: ['G7', 'MSP'] },
  { id: 'JP', name: 'Japan', blocs: ['G7', 'MSP'] },
  { id: 'AU', name: 'Australia', blocs: ['MSP'] },
];

/** 100 t of Dy oxide at a hub in AU; users in JP and CN want 60 t each (unmet 1,000 USD/t). */
const pooled = (stockpile: Record<string, unknown>) =>
  tinyModel({
    jurisdictions,
    facilities: [
      { id: 'hub', jurisdiction: 'AU', kind: 'consumer' },
      { id: 'jp-user', jurisdiction: 'JP', kind: 'consumer' },
      { id: 'cn-user', jurisdiction: 'CN', kind: 'consumer' },
    ],
    routes: [
      { from: 'hub', to: 'jp-user', cost: 1 },
      { from: 'hub', to: 'cn-user', cost: 1 },
    ],
    demands: [
      { node: 'jp-user', material: 'dy', quantity: 60, unmetCost: 1000 },
      { node: 'cn-user', material: 'dy', quantity: 60, unmetCost: 1000 },
    ],
    stockpiles: [{ id: 'pool', holder: 'MSP', node: 'hub', material: 'dy', level: 100, ...stockpile }],
  });

describe('a stockpile held by a bloc', () => {
  it('serves a member and not a non-member, whatever the routes', async () => {
    // Released only to MSP members: JP gets 60 t (released straight to jp-user, no transport);
    // CN gets nothing although hub → cn-user exists: unmet 60 × 1,000 = 60,000; 40 t stay.
    const result = await solveChecked(pooled({ releaseTo: ['MSP'] }), solver);
    expect(result.objective.value).toBeCloseTo(60_000, 4);
    expect(result.releases).toEqual([
      {
        stockpile: 'pool',
        to: 'jp-user',
        period: '2026-01',
        arrival: '2026-01',
        tonnes: expect.closeTo(60, 6),
      },
    ]);
    expect(result.stockpiles).toEqual([expect.objectContaining({ level: expect.closeTo(40, 6) })]);
    expect(totalFlow(result, () => true)).toBe(0);
  });

  it('released at its node, the same stock serves anyone a route reaches', async () => {
    // National (no releaseTo): 100 t leave the hub by route (100 × 1 = 100); 20 t unmet × 1,000.
    const result = await solveChecked(pooled({}), solver);
    expect(result.objective.value).toBeCloseTo(20_100, 4);
    expect(result.releases).toBeUndefined();
  });

  it('refuses an unknown bloc with a did-you-mean', () => {
    const issues = checkModel(pooled({ releaseTo: ['MPS'] }));
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'REF_UNKNOWN',
        path: ['stockpiles', 0, 'releaseTo', 0],
        fix: "did you mean 'MSP'?",
      }),
    );
  });
});

describe('an offtake share reserved for a bloc', () => {
  // Mine P in CN makes up to 100 t at 10 USD/t; a non-member user N (CN) values it at 1,000 USD/t
  // unmet; a member user M (JP) can also buy from its own mine Q at 40 USD/t. Routes are free.
  const offtake = (policies: unknown[]) =>
    tinyModel({
      jurisdictions,
      facilities: [
        mine('P', 'CN', 100, 10),
        mine('Q', 'JP', 100, 40),
        { id: 'N', jurisdiction: 'CN', kind: 'consumer' },
        { id: 'M', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [
        { from: 'P', to: 'N', cost: 0 },
        { from: 'P', to: 'M', cost: 0 },
        { from: 'Q', to: 'M', cost: 0 },
      ],
      demands: [
        { node: 'N', material: 'ox', quantity: 100, unmetCost: 1000 },
        { node: 'M', material: 'ox', quantity: 100, unmetCost: 1000 },
      ],
      policies,
    });

  it('binds with its hand-computed cost', async () => {
    // Without it: P → N 100, Q → M 100: 10 × 100 + 40 × 100 = 5,000.
    const free = await solveChecked(offtake([]), solver);
    expect(free.objective.value).toBeCloseTo(5000, 4);
    // With 30 % of P's output reserved for MSP: P → M 30, P → N 70, Q → M 70, N short 30:
    // 1,000 + 2,800 + 30 × 1,000 = 33,800 (each reserved tonne costs 1,000 − 40 = 960).
    const result = await solveChecked(
      offtake([{ id: 'msp-offtake', kind: 'offtake', from: 'CN', to: 'MSP', share: 0.3 }]),
      solver,
    );
    expect(result.objective.value).toBeCloseTo(33_800, 4);
    expect(totalFlow(result, (f) => f.from === 'P' && f.to === 'M')).toBeCloseTo(30, 6);
    expect(result.binding).toContainEqual(expect.objectContaining({ kind: 'offtake', id: 'msp-offtake' }));
  });

  it('refuses an unknown producer or bloc with a did-you-mean', () => {
    const issues = checkModel(offtake([{ id: 'o', kind: 'offtake', from: 'PP', to: 'G8', share: 0.3 }]));
    expect(issues.filter((i) => i.code === 'REF_UNKNOWN').map((i) => i.path)).toEqual([
      ['policies', 0, 'from'],
      ['policies', 0, 'to'],
    ]);
  });
});

describe('an export control from a bloc', () => {
  it('covers flows from its members to non-members, not between members', async () => {
    // A mine in AU (MSP) makes up to 100 t at 10 USD/t for users in JP (MSP) and CN, 50 t each. The
    // MSP bans Nd exports: JP is served (500 USD), CN is short 50 t × 1,000 = 50,000.
    const model = tinyModel({
      jurisdictions,
      facilities: [
        mine('P', 'AU', 100, 10),
        { id: 'jp-user', jurisdiction: 'JP', kind: 'consumer' },
        { id: 'cn-user', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'P', to: 'jp-user', cost: 0 },
        { from: 'P', to: 'cn-user', cost: 0 },
      ],
      demands: [
        { node: 'jp-user', material: 'ox', quantity: 50, unmetCost: 1000 },
        { node: 'cn-user', material: 'ox', quantity: 50, unmetCost: 1000 },
      ],
      policies: [{ id: 'msp-ban', kind: 'export-control', from: 'MSP', elements: ['Nd'], mode: 'ban' }],
    });
    expect(checkModel(model).filter((i) => i.severity === 'error')).toEqual([]);
    const result = await solveChecked(model, solver);
    expect(result.objective.value).toBeCloseTo(50_500, 4);
    expect(result.shortfall.map((r) => r.demand)).toEqual(['cn-user:ox']);
  });
});
