// A bloc as a consumer: every demand of its members, and nothing else.
import { afterAll, describe, expect, it } from 'vitest';
import { modelSchema } from '../../src/model/index.js';
import {
  createRiskNetwork,
  exposure,
  toConsumer,
  traceOrigins,
  vulnerability,
} from '../../src/risk/index.js';
import { createSolver } from '../../src/solver/index.js';
import { japanThenKoreaView, riskModel } from './fixtures.js';

const network = createRiskNetwork(riskModel());

describe('a bloc as a consumer', () => {
  it('measures exposure over its members’ demands only', () => {
    // China separates 60 CN + 40 AU ore for Japan (Quad) in January and 100 t of AU ore for Korea
    // (not in the Quad) in February. The Quad consumes Japan's 100 t: 60% Chinese-mined. Korea would
    // halve it: (60 + 0) / 200 = 30%.
    const trace = traceOrigins(japanThenKoreaView(), network);
    const consumer = toConsumer(network, 'Quad');
    expect(consumer).toEqual({ jurisdiction: 'Quad' });
    const rows = exposure(trace, network, { consumer, elements: ['Nd'], through: ['CN'] }).values;
    expect(rows.find((r) => r.stage === 'mining')?.value).toBeCloseTo(0.6, 12);
  });

  it('refuses an unknown consumer with a did-you-mean', () => {
    expect(() => toConsumer(network, 'Qaud')).toThrow("did you mean 'Quad'?");
  });
});

describe('a bloc as the restricting party', () => {
  const solver = createSolver('highs');
  afterAll(() => solver.dispose());
  // A mine in AU (MSP) makes 100 t of Nd oxide a year for users in JP (MSP) and CN, 50 t each.
  const model = modelSchema.parse({
    schemaVersion: 1,
    name: 'bloc-ban',
    horizon: { start: '2026-01', periods: 1, step: 'year' },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'JP', name: 'Japan', blocs: ['MSP'] },
      { id: 'AU', name: 'Australia', blocs: ['MSP'] },
    ],
    materials: [{ id: 'ox', kind: 'oxide', elements: { Nd: 1 } }],
    facilities: [
      {
        id: 'P',
        jurisdiction: 'AU',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ox: 1 }, capacity: 100, cost: 10 }],
      },
      { id: 'jp-user', jurisdiction: 'JP', kind: 'consumer' },
      { id: 'cn-user', jurisdiction: 'CN', kind: 'consumer' },
    ],
    routes: [
      { from: 'P', to: 'jp-user' },
      { from: 'P', to: 'cn-user' },
    ],
    demands: [
      { node: 'jp-user', material: 'ox', quantity: 50, unmetCost: 1000 },
      { node: 'cn-user', material: 'ox', quantity: 50, unmetCost: 1000 },
    ],
  });

  it('vulnerability --through MSP: a ban from the bloc leaves the non-member short, not the members', async () => {
    // The MSP bans Nd exports: CN goes 50 t short; Japan, inside the bloc, is still served.
    const cn = await vulnerability(model, {
      solver,
      jurisdiction: 'MSP',
      elements: ['Nd'],
      consumer: { jurisdiction: 'CN' },
    });
    expect(cn.values.map((r) => [r.demand, r.value])).toEqual([['cn-user:ox', 50]]);
    const msp = await vulnerability(model, {
      solver,
      jurisdiction: 'MSP',
      elements: ['Nd'],
      consumer: { jurisdiction: 'MSP' },
    });
    expect(msp.values.map((r) => [r.demand, r.value])).toEqual([['(all)', 0]]);
  });
});
