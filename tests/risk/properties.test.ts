// Property tests: HHI bounds, exposure in [0, 1] on random two-tier flows, and a ban on a
// jurisdiction with no flows changes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRiskNetwork,
  exposure,
  herfindahl,
  traceOrigins,
  vulnerability,
} from '../../src/risk/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { mine, tinyModel } from '../plan/helpers.js';
import { deliver, emptyView, mined, riskModel, separated, ship } from './fixtures.js';

const network = createRiskNetwork(riskModel());
const MINES = ['mine-nm', 'mine-sc', 'mine-au'] as const;
const SEPARATORS = ['sep-cn', 'sep-my'] as const;

describe('HHI', () => {
  it('lies between 10,000/n and 10,000 for n positive shares', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (shares) => {
          const h = herfindahl(shares);
          expect(h).toBeGreaterThanOrEqual(10_000 / shares.length - 1e-6);
          expect(h).toBeLessThanOrEqual(10_000 + 1e-6);
        },
      ),
    );
  });
});

describe('exposure', () => {
  it('is a share in [0, 1] and the any-stage share is at least every stage share', () => {
    // Random tonnages from three mines to two separators and from the separators to two consumers.
    // Whole tonnes and whole percent: subnormal doubles would test float underflow, not the tracer.
    const tonnage = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(
        fc.array(fc.array(tonnage, { minLength: 2, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
        fc.array(
          fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
          { minLength: 2, maxLength: 2 },
        ),
        (ore, toJapan) => {
          const production = [];
          const consumption = [];
          const shipments = [];
          const deliveries = [];
          for (let m = 0; m < 3; m++) {
            const total = (ore[m]?.[0] ?? 0) + (ore[m]?.[1] ?? 0);
            if (total > 0) production.push(mined(MINES[m] ?? '', total));
            for (let s = 0; s < 2; s++)
              if ((ore[m]?.[s] ?? 0) > 0)
                shipments.push(ship(MINES[m] ?? '', SEPARATORS[s] ?? '', 'ore', ore[m]?.[s] ?? 0));
          }
          for (let s = 0; s < 2; s++) {
            const fed = ore.reduce((a, row) => a + (row[s] ?? 0), 0);
            if (fed <= 0) continue;
            const sep = separated(SEPARATORS[s] ?? '', fed);
            production.push(sep.production);
            consumption.push(sep.consumption);
            const jp = fed * (toJapan[s] ?? 0);
            if (jp > 0) shipments.push(ship(SEPARATORS[s] ?? '', 'jp', 'ox', jp));
            if (fed - jp > 0) shipments.push(ship(SEPARATORS[s] ?? '', 'kr', 'ox', fed - jp));
          }
          const jpTotal = shipments.filter((x) => x.to === 'jp').reduce((a, x) => a + x.tonnes, 0);
          if (jpTotal > 0) deliveries.push(deliver('jp', 'ox', jpTotal));
          const view = emptyView({ production, consumption, shipments, deliveries });
          const rows = exposure(traceOrigins(view, network), network, {
            consumer: { node: 'jp' },
            elements: ['Nd'],
            through: ['CN', 'AU', 'MY'],
          }).values;
          for (const r of rows) {
            expect(r.value).toBeGreaterThanOrEqual(0);
            expect(r.value).toBeLessThanOrEqual(1 + 1e-12);
            const any = rows.find((x) => x.through === r.through && x.stage === 'any')?.value ?? 0;
            expect(any).toBeGreaterThanOrEqual(r.value - 1e-9);
          }
          // Every tonne was mined somewhere: mining shares over the three countries sum to 1.
          const mining = rows.filter((r) => r.stage === 'mining').reduce((a, r) => a + r.value, 0);
          if (jpTotal > 1e-6) expect(mining).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('vulnerability', () => {
  let solver: Solver;
  beforeAll(() => {
    solver = createSolver('highs');
  });
  afterAll(async () => {
    await solver.dispose();
  });

  it('a ban on a jurisdiction with no flows changes nothing', async () => {
    // Random costs and demand; Korea and the US hold no facility that ships anything.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom('US', 'JP'),
        async (cnCost, auCost, quantity, banned) => {
          const model = tinyModel({
            facilities: [
              mine('cn', 'CN', 1000, cnCost),
              mine('au', 'AU', 1000, auCost),
              { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
            ],
            routes: [
              { from: 'cn', to: 'jp' },
              { from: 'au', to: 'jp' },
            ],
            demands: [{ node: 'jp', material: 'ox', quantity, unmetCost: 1000 }],
          });
          const rows = (await vulnerability(model, { solver, jurisdiction: banned, elements: ['Nd'] }))
            .values;
          for (const r of rows) {
            expect(r.value).toBeCloseTo(0, 9);
            expect(r.costIncrease).toBeCloseTo(0, 6);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
