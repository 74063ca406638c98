/** The two-province model of tests/coordinate/dividend.test.ts, whose comment computes its dividend by hand. */
import { modelSchema, type Model } from '../../src/model/index.js';

/** The model as written in a file (JSON). */
export const TWO_PROVINCES = {
  schemaVersion: 1,
  name: 'two provinces',
  horizon: { start: '2026-01', periods: 1, step: 'year' },
  settings: { discountRate: 0 },
  jurisdictions: [
    { id: 'CN', name: 'China' },
    { id: 'CN-A', name: 'Province A', parent: 'CN' },
    { id: 'CN-B', name: 'Province B', parent: 'CN' },
  ],
  materials: [
    { id: 'ore', kind: 'concentrate', elements: { Nd: 1 } },
    { id: 'ox', kind: 'oxide', elements: { Nd: 1 } },
  ],
  facilities: [
    {
      id: 'a-mine',
      operator: 'A Mining',
      jurisdiction: 'CN-A',
      processes: [{ id: 'mine', stage: 'mining', outputs: { ore: 1 }, capacity: 1000, cost: 10 }],
    },
    {
      id: 'b-plant',
      operator: 'B Rare Earth',
      jurisdiction: 'CN-B',
      processes: [
        { id: 'mine', stage: 'mining', outputs: { ore: 1 }, capacity: 1000, cost: 40 },
        {
          id: 'separate',
          stage: 'separation',
          inputs: { ore: 1 },
          outputs: { ox: 1 },
          capacity: 1000,
          cost: 20,
        },
      ],
    },
  ],
  routes: [{ from: 'a-mine', to: 'b-plant', cost: 5, materials: ['ore'] }],
  demands: [{ node: 'b-plant', material: 'ox', quantity: 100, unmetCost: 10000 }],
  sinks: [{ node: 'a-mine', material: 'ore', kind: 'sell', price: 50, limit: 300 }],
};

export function twoProvinces(): Model {
  return modelSchema.parse(TWO_PROVINCES);
}
